from flask import Blueprint, jsonify, request

import pyperclip

bp = Blueprint("passwords", __name__)

_vault = {}


@bp.get("/entries")
def list_entries():
    return jsonify(sorted(_vault))


@bp.post("/entries")
def add_entry():
    body = request.get_json(force=True)
    _vault[body["site"]] = body["password"]
    return jsonify({"ok": True}), 201


@bp.post("/entries/<site>/copy")
def copy_entry(site):
    pyperclip.copy(_vault.get(site, ""))
    return jsonify({"copied": site in _vault})
