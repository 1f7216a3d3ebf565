#!/usr/bin/python3
"""Talks to the Waymark RouterOS simulator with Debian's python3-librouteros (an independent client)
and prints what it saw as one JSON object, for tests/interop/librouteros.test.ts to assert on.

usage: librouteros_client.py PORT [--login plain|token] [--tls anon] [--items address-list]

Only ever connects to 127.0.0.1. librouteros 3.1 casts values on read: "1" -> 1, "true"/"yes" -> True.
"""

import argparse
import json
import re
import ssl
import sys

import librouteros
from librouteros.exceptions import FatalError, TrapError
from librouteros.login import plain, token
from librouteros.query import Key

HOST = "127.0.0.1"
USER = "admin"
PASSWORD = "interop-pw"
LIST_NAME = "waymark-interop"
# RouterOS item ids: "*" and uppercase hex (reference 1.8).
ITEM_ID = re.compile(r"^\*[0-9A-F]+$")


def anon_dh_context() -> ssl.SSLContext:
    # Certificate-less api-ssl offers only anonymous DH, TLS <= 1.2 (reference 1.1).
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ADH-AES256-GCM-SHA384:@SECLEVEL=0")
    return context


def open_api(port: int, login: str, tls: str):
    options = {"port": port, "timeout": 10, "login_method": token if login == "token" else plain}
    if tls == "anon":
        options["ssl_wrapper"] = anon_dh_context().wrap_socket
    return librouteros.connect(HOST, USER, PASSWORD, **options)


def trap_of(call) -> dict:
    try:
        tuple(call())
    except TrapError as error:
        return {"message": error.message, "category": error.category}
    return {}


def address_list_round_trip(api) -> dict:
    """add, print with a query, set, remove on /ip/firewall/address-list."""
    menu = api.path("ip", "firewall", "address-list")
    first = menu.add(list=LIST_NAME, address="192.0.2.1", comment="first")
    second = menu.add(list=LIST_NAME, address="192.0.2.2")
    keys = (Key(".id"), Key("list"), Key("address"), Key("comment"))
    ours = lambda: list(menu.select(*keys).where(Key("list") == LIST_NAME))
    printed = ours()
    menu.update(**{".id": first, "comment": "changed"})
    after_set = list(menu.select(*keys).where(Key(".id") == first))
    menu.remove(first)
    # On 7.18+ the router answers a print that matches nothing with !empty before !done (reference 1.3).
    no_match = list(menu.select(*keys).where(Key("list") == "no-such-list"))
    return {
        "ids": [first, second],
        "ids_valid": all(ITEM_ID.match(str(item_id)) for item_id in (first, second)),
        "printed": printed,
        "after_set": after_set,
        "after_remove": ours(),
        "no_match": no_match,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--login", choices=("plain", "token"), default="plain")
    parser.add_argument("--tls", choices=("none", "anon"), default="none")
    parser.add_argument("--items", choices=("none", "address-list"), default="none")
    args = parser.parse_args()

    api = open_api(args.port, args.login, args.tls)
    report = {
        "resource": list(api("/system/resource/print")),
        "identity": list(api("/system/identity/print")),
        "unknown_menu_trap": trap_of(lambda: api("/no/such/menu/print")),
    }
    if args.items == "address-list":
        report["address_list"] = address_list_round_trip(api)
    try:
        tuple(api("/quit"))
        report["quit"] = "no !fatal"
    except FatalError as error:
        report["quit"] = str(error)
    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
