"""The café's pages, one module per screen area; each goes through a gate of `cafe.access` and imports no other view
module: setup and plan (organiser), control and phone_links (the control room and the desk), live (phones, table
devices, the wall), harvest, harvest_phone and presentation."""
