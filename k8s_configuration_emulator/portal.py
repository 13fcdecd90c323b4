"""The GitOps portal page (REFERENCE §14): a Flask blueprint serving static files under /portal/.

The page is a client of the emulator's ARM routes, as Azure's portal is of ARM: it reads and writes nothing here
but its login. Everything it shows comes from the ARM requests its scripts make (same origin, authenticated by the
session cookie plus the CSRF token this module puts in the page; ``portal_auth``).
"""
import html
import os

from flask import Blueprint, Response, redirect, request, send_from_directory

from .portal_auth import COOKIE, SESSION_SECONDS

STATIC_DIR = os.path.join(os.path.dirname(__file__), "portal_static")
PREFIX = "/portal"
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_LOGIN_HELP = ("Open the one-time login link that <code>start</code> and <code>az-env</code> print "
               "(<code>https://127.0.0.1:PORT/portal/login?code=...</code>; also <code>portal_url</code> in "
               "<code>emulator.json</code>), or run <code>make portal</code>.")


def login_url(ctx):
    return "{}{}/login?code={}".format(ctx.url, PREFIX, ctx.portal.new_login_code())


def create_portal_blueprint(ctx):
    bp = Blueprint("portal", __name__)

    @bp.after_request
    def _security_headers(resp):
        for name, value in HEADERS.items():
            resp.headers.setdefault(name, value)
        return resp

    def session():
        return ctx.portal.session(request.cookies.get(COOKIE))

    @bp.route("/login")
    def login():
        made = ctx.portal.exchange(request.args.get("code"))
        if made is None:
            return _page(401, "Login link not valid", "<p>This login link was already used, has expired, or was "
                         "made by another run of the emulator.</p><p>" + _LOGIN_HELP + "</p>")
        sid, _csrf = made
        resp = redirect(PREFIX + "/", code=303)
        resp.set_cookie(COOKIE, sid, max_age=SESSION_SECONDS, path="/", secure=True, httponly=True,
                        samesite="Strict")
        return resp

    @bp.route("/logout", methods=["POST"])
    def logout():
        record = session()
        if record is None or request.headers.get("X-CSRF-Token") != record["csrf"]:
            return _page(403, "Not logged out", "<p>Log out from the page's own button.</p>")
        ctx.portal.logout(request.cookies.get(COOKIE))
        resp = _page(200, "Logged out", "<p>You are logged out. " + _LOGIN_HELP + "</p>")
        resp.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="Strict")
        return resp

    @bp.route("/")
    def index():
        record = session()
        if record is None:
            return _login_required()
        if not request.path.endswith("/"):  # the page's links are relative to /portal/
            return redirect(PREFIX + "/", code=308)
        with open(os.path.join(STATIC_DIR, "index.html"), encoding="utf-8") as f:
            page = f.read()
        page = page.replace("{{csrf}}", html.escape(record["csrf"])).replace(
            "{{subscription}}", html.escape(ctx.subscription_id))
        return Response(page, status=200, content_type="text/html; charset=utf-8")

    @bp.route("/static/<path:name>")
    def static(name):
        if session() is None:
            return _login_required()
        resp = send_from_directory(STATIC_DIR, name, max_age=0, conditional=True, etag=True)
        if name.endswith(".js"):
            resp.headers["Content-Type"] = "text/javascript; charset=utf-8"
        resp.headers["Cache-Control"] = "private, no-cache"  # kept, and asked again each time (304 when unchanged)
        return resp

    @bp.route("/<path:_rest>")
    def anything_else(_rest):
        return _login_required() if session() is None else _page(404, "Not found", "<p>No such page.</p>")

    return bp


def _login_required():
    return _page(401, "Log in to the emulator's portal", "<p>" + _LOGIN_HELP + "</p>")


def _page(status, title, body):
    text = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title></head>"
            "<body><main><h1>{0}</h1>{1}</main></body></html>").format(html.escape(title), body)
    return Response(text, status=status, content_type="text/html; charset=utf-8")
