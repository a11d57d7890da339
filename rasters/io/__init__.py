"""Raster file I/O with rasterio, rio-cogeo and rio-tiler; no domain models.
Every read here is windowed or by overview, so memory stays bounded whatever
the raster's size."""
