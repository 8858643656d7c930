"""The case report's static pictures, for the documents that cannot hold the interactive SVG (PDF, DOCX).

Two pictures, PNG bytes ready to embed, drawn with Pillow from the same data as the HTML report:
- `network_png`: the link chart (same layout, colours and link styles as the HTML chart), with a legend;
- `route_png`: the route on a small offline map, from `route_stops` (the gazetteer's coordinates).
Both are sized for print (readable at 17 cm wide), written in the report's language, and the same input
gives the same bytes (no date, fixed layout seed). The drawing lives in images_network / images_route.
"""

from filiere.report.images_network import network_png
from filiere.report.images_route import RouteStop, route_png, route_stops

__all__ = ["RouteStop", "network_png", "route_png", "route_stops"]
