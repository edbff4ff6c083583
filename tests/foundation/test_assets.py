"""On a weak signal the stylesheet is fetched once, not asked about again on every page."""

import re


def test_the_stylesheet_is_kept_by_the_browser_under_a_fingerprinted_address(client):
    page = client.get("/login").get_data(as_text=True)
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert re.fullmatch(r"/static/css/app\.css\?v=[0-9a-f]{12}", stylesheet)
    response = client.get(stylesheet)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert "?v=" in icon and "immutable" in client.get(icon).headers["Cache-Control"]
    # the bare address (an old bookmark, a proxy) is still checked with the server each time
    assert "immutable" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")
