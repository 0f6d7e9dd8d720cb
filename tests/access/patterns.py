"""Every URL pattern of the project, walked recursively through its includes."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# The admin site is Django's own, tested by Django: only its front door is swept.
ADMIN_KEPT = {"index"}
STATIC_VIEWS = {"django.views.static.serve", "django.contrib.staticfiles.views.serve"}


@dataclass(frozen=True)
class Pattern:
    name: str | None  # namespaced, as reverse() takes it; None if the pattern has no name
    route: str  # the full route, for messages

    @property
    def key(self) -> str:
        return self.name or f"<unnamed {self.route}>"


def _callback_path(pattern: URLPattern) -> str:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    target = view_class or callback
    return f"{target.__module__}.{target.__qualname__}"


def _walk(patterns, namespace: str, prefix: str, in_admin: bool):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(
                pattern.url_patterns, inner_ns, route, in_admin or pattern.app_name == "admin"
            )
            continue
        if in_admin and pattern.name not in ADMIN_KEPT:
            continue
        if _callback_path(pattern) in STATIC_VIEWS:
            continue
        name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
        yield Pattern(name=name or None, route=route)


def project_patterns() -> list[Pattern]:
    """The project's URL patterns (admin internals and static files left out), in order."""
    return list(_walk(get_resolver().url_patterns, "", "/", False))
