"""Mechanisms shared by every feature: database base, audit log, permissions, money, uploads."""
