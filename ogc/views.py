"""OGC API – Features views: parse, call one reader, render. Every read goes
through ogc.collections (the REST API's querysets and spatial.permissions)."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from spatial.errors import NotFound

from . import documents, exceptions, features, params, presentation
from .collections import collection_for, open_collections
from .negotiation import BodiesRenderedByTheView, wants_html


class OgcView(APIView):
    """Session or token authentication (the project's DRF defaults), errors as
    OGC exceptions, bodies rendered here."""

    content_negotiation_class = BodiesRenderedByTheView
    # Described by /ogc/api (OGC's own OpenAPI document), not the REST schema.
    schema = None

    def get_exception_handler(self):
        return exceptions.handler

    def collection(self, request, collection_id):
        found = collection_for(request.user, collection_id)
        if found is None:
            message = _("There is no collection “%(id)s” open to you.")
            raise NotFound(message % {"id": collection_id})
        return found


def as_json(doc, media_type=documents.JSON, **headers):
    response = HttpResponse(
        json.dumps(doc, ensure_ascii=False, default=str), content_type=media_type
    )
    for name, value in headers.items():
        response[name] = value
    return response


class Landing(OgcView):
    def get(self, request):
        if wants_html(request):
            doc = documents.landing(request, documents.HTML)
            return render(request, "ogc/landing.html", {"doc": doc})
        return as_json(documents.landing(request))


class Conformance(OgcView):
    def get(self, request):
        if wants_html(request):
            return render(
                request, "ogc/conformance.html", {"doc": documents.conformance()}
            )
        return as_json(documents.conformance())


class Api(OgcView):
    def get(self, request):
        doc = documents.openapi(request, open_collections(request.user))
        if request.GET.get("f") == "html":
            return render(request, "ogc/api.html", {"doc": doc})
        return as_json(doc, documents.OPENAPI)


class Collections(OgcView):
    def get(self, request):
        html = wants_html(request)
        doc = documents.collections_doc(
            request,
            open_collections(request.user),
            documents.HTML if html else documents.JSON,
        )
        if html:
            return render(request, "ogc/collections.html", {"doc": doc})
        return as_json(doc)


class CollectionView(OgcView):
    def get(self, request, collection_id):
        collection = self.collection(request, collection_id)
        html = wants_html(request)
        doc = documents.collection_doc(
            request,
            collection,
            documents.city_bbox(),
            documents.HTML if html else documents.JSON,
        )
        if html:
            return render(request, "ogc/collection.html", {"doc": doc})
        return as_json(doc)


class Items(OgcView):
    def get(self, request, collection_id):
        collection = self.collection(request, collection_id)
        html = wants_html(request)
        query = params.items_query(request.GET, queryables=collection.queryables)
        page, matched = features.items_page(
            request=request, collection=collection, query=query
        )
        members = documents.items_members(request, collection, page, matched, query)
        if html:
            headers, rows = presentation.labelled(
                collection, request.user, json.loads(page.features)
            )
            return render(
                request,
                "ogc/items.html",
                {
                    "collection": collection,
                    "headers": headers,
                    "rows": rows,
                    "members": members,
                },
            )
        body = page.collection(
            **{name: json.dumps(value) for name, value in members.items()}
        )
        response = HttpResponse(body, content_type=documents.GEOJSON)
        response["Content-Crs"] = f"<{query.crs_uri}>"
        return response


class Item(OgcView):
    def get(self, request, collection_id, fid):
        collection = self.collection(request, collection_id)
        srid, uri = params.output_crs(request.GET)
        if not fid.isdigit():
            raise NotFound(f"{collection.id} has no feature {fid!r}.")
        feature = features.item(
            request=request, collection=collection, fid=int(fid), srid=srid
        )
        html = wants_html(request)
        feature["links"] = documents.item_links(
            request,
            collection,
            fid,
            documents.HTML if html else documents.GEOJSON,
        )
        if html:
            headers, rows = presentation.labelled(collection, request.user, [feature])
            return render(
                request,
                "ogc/item.html",
                {
                    "collection": collection,
                    "feature": feature,
                    "pairs": list(zip(headers, rows[0][1], strict=True)),
                },
            )
        return as_json(feature, documents.GEOJSON, **{"Content-Crs": f"<{uri}>"})
