"""The address guard: which hosts leakhelp may contact, and connections pinned to them.

One reviewable security unit. Only ``http``/``https`` URLs are fetched (the
engine checks that); here, host names are resolved and private, loopback,
link-local, multicast, reserved and unspecified addresses (IPv4 and IPv6,
also when wrapped in IPv6) are refused unless ``allow_private`` is set. The
default transport (:class:`GuardedTransport`) connects to exactly the
address that was checked, so a DNS answer cannot change between the check
and the connection (DNS rebinding). The engine asks the guard again on every
redirect hop.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from .settings import KEEPALIVE_SECONDS, MAX_ORIGIN_POOLS

#: Resolves a host name to IP address strings (an injected fake in tests).
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: What ``transport=`` takes (so callers need not import httpx themselves).
Transport = httpx.AsyncBaseTransport


class AddressRefused(Exception):
    """A URL points at an address leakhelp does not contact."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, a private or local address")
        self.host = host
        self.address = address


class NameNotResolved(Exception):
    """A host name has no address (DNS failure)."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} could not be resolved")
        self.host = host


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: IPAddress) -> bool:
    """True for an address on the public internet.

    Refused: private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback,
    link-local (169.254/16 with cloud metadata, fe80::/10), shared (100.64/10),
    multicast, reserved, unspecified (0.0.0.0, ::) and documentation ranges,
    also when an IPv4 address hides in IPv6 (::ffff:a.b.c.d, 6to4, NAT64).
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
        if address.is_site_local:
            return False
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_private
    )


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve a host name with the operating system (asyncio getaddrinfo)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise NameNotResolved(host) from exc
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class AddressGuard:
    """Resolves a host and refuses it unless every address is public.

    ``allow_private`` lets everything through (checking a server on your own
    network). ``allow_address`` is a narrower hook: it may let single
    non-public addresses through (tests allow exactly 127.0.0.1).
    """

    allow_private: bool = False
    allow_address: Callable[[IPAddress], bool] | None = None
    resolver: Resolver = system_resolver

    def allowed(self, address: IPAddress) -> bool:
        if self.allow_private or is_public_address(address):
            return True
        return self.allow_address is not None and self.allow_address(address)

    async def vet(self, host: str, port: int) -> list[str]:
        """The addresses to connect to; raises AddressRefused or NameNotResolved."""
        literal = _ip_literal(host)
        addresses = [str(literal)] if literal is not None else list(await self.resolver(host, port))
        if not addresses:
            raise NameNotResolved(host)
        for text in addresses:
            try:
                address = ipaddress.ip_address(text.split("%", 1)[0])
            except ValueError as exc:
                raise NameNotResolved(host) from exc
            if not self.allowed(address):
                raise AddressRefused(host, text)
        return addresses


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class _GuardedBackend(httpcore.AnyIOBackend):
    """A network backend that vets the address and connects to exactly it.

    httpcore asks the backend to connect to a host name; this backend
    resolves it once, refuses it if any address is not allowed, and opens the
    TCP connection to a vetted address. TLS still uses the host name (SNI and
    certificate check), because httpcore passes the origin host to start_tls.
    There is no second DNS lookup in which an answer could change.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._guard.vet(host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                return await super().connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last


class _OriginTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport for one origin, its pool on the guarded backend.

    httpx builds a default pool; it is replaced by one on the guarded network
    backend. Everything else (exception mapping, streams) stays httpx's own.
    """

    def __init__(
        self, backend: _GuardedBackend, ssl_context: ssl.SSLContext, connections: int
    ) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=KEEPALIVE_SECONDS,
            http1=True,
            http2=False,
            network_backend=backend,
        )

    def idle(self) -> bool:
        return all(c.is_idle() for c in self._pool.connections)


class GuardedTransport(httpx.AsyncBaseTransport):
    """Connections only to vetted addresses; one small pool per origin.

    One pool per (scheme, host, port) instead of one big pool: httpcore scans
    every connection of a pool on each request, so a pool over many hosts
    costs CPU per request (benchmarks/check_speed.py). At most
    :data:`MAX_ORIGIN_POOLS` pools are kept; the least recently used idle
    one is closed to make room.
    """

    def __init__(
        self, guard: AddressGuard, *, per_origin: int, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self._backend = _GuardedBackend(guard)
        self._ssl = ssl_context or httpx.create_ssl_context(trust_env=False)
        self._per_origin = per_origin
        self._origins: OrderedDict[tuple[bytes, bytes, int | None], _OriginTransport] = (
            OrderedDict()
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        transport = self._origins.get(key)
        if transport is None:
            transport = _OriginTransport(self._backend, self._ssl, self._per_origin)
            self._origins[key] = transport
            await self._evict(keep=key)
        else:
            self._origins.move_to_end(key)
        return await transport.handle_async_request(request)

    async def _evict(self, *, keep: tuple[bytes, bytes, int | None]) -> None:
        while len(self._origins) > MAX_ORIGIN_POOLS:
            oldest = next((k for k, t in self._origins.items() if k != keep and t.idle()), None)
            if oldest is None:  # every pool is busy: allow one more for now
                return
            await self._origins.pop(oldest).aclose()

    async def aclose(self) -> None:
        pools = list(self._origins.values())
        self._origins.clear()
        for transport in pools:
            await transport.aclose()
