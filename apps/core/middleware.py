from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Chinese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language, which
    would show English to anyone whose browser is set up in English; this
    portal's default is Chinese for everybody.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class BadInputMiddleware:
    """Input no field can hold answers 400, not 500.

    A NUL character in any query or form value (or name): PostgreSQL refuses
    it in a text parameter wherever it reaches a query (a filter, a lookup, the
    admin's ``?field__exact=``), so it is refused once, here. And a number too
    large for SQLite's integers (``?action=99999999999999999999`` on an admin
    list filters by that foreign key) raises OverflowError in the query; that
    is the request's fault, so it answers 400 too (PostgreSQL compares such a
    number without error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Reading the body here is what CsrfViewMiddleware does before any view
        # anyway (no view sets its own upload handlers).
        queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        if any(_has_nul(query) for query in queries):
            return _bad_request(
                request, _("The request contains a NUL character, which no field may hold.")
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            return _bad_request(request, _("A number in the request is too large."))
        return None


def _bad_request(request, reason: str):
    return render(request, "400.html", {"reason": reason}, status=400)


def _has_nul(query) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )
