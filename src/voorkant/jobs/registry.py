"""The task registry: which callables may run as jobs, with their retry policy and optional schedule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Task:
    """A registered job. ``func`` receives the job's payload as keyword arguments."""

    name: str
    func: Callable[..., object]
    max_attempts: int = 5
    # Run the function and the "done" mark in one transaction, so a crash or a lost lease rolls back every
    # database effect of the attempt: database side effects then happen exactly once.
    atomic: bool = True
    every: timedelta | None = None
    priority: int = 100


_TASKS: dict[str, Task] = {}


def task(
    name: str,
    *,
    max_attempts: int = 5,
    atomic: bool = True,
    every: timedelta | None = None,
    priority: int = 100,
) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Register the decorated function as the job ``name``; with ``every`` it also runs periodically."""

    def register(func: Callable[..., object]) -> Callable[..., object]:
        register_task(
            Task(
                name=name, func=func, max_attempts=max_attempts, atomic=atomic, every=every, priority=priority
            )
        )
        return func

    return register


def register_task(definition: Task) -> None:
    existing = _TASKS.get(definition.name)
    if existing is not None and existing.func is not definition.func:
        # Two different functions under one name would make a queued job run the wrong code.
        same_origin = (existing.func.__module__, existing.func.__qualname__) == (
            definition.func.__module__,
            definition.func.__qualname__,
        )
        if not same_origin:
            raise ImproperlyConfigured(f"Job name {definition.name!r} is registered twice.")
    _TASKS[definition.name] = definition


def get_task(name: str) -> Task | None:
    return _TASKS.get(name)


def periodic_tasks() -> list[Task]:
    return [t for t in _TASKS.values() if t.every is not None]


def task_names() -> list[str]:
    return sorted(_TASKS)
