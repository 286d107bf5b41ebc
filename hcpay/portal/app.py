"""The portal application: ``create_app(settings)`` builds a ready FastAPI app.

Migrations run here rather than in a lifespan handler, so the app is ready also when it is
driven in-process through ``httpx.ASGITransport`` (which runs no lifespan).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from hcpay import __version__, paths
from hcpay.gateway.processor import Processor
from hcpay.gateway.sandbox import SandboxGateway
from hcpay.gateway.unconfigured import UnconfiguredProcessor
from hcpay.portal import logs, migrate, openapi_problems, problems
from hcpay.portal.clock import Clock
from hcpay.portal.context import Portal
from hcpay.portal.db import Database
from hcpay.portal.group_commit import GroupCommit
from hcpay.portal.jobs import JobRunner
from hcpay.portal.language import Language
from hcpay.portal.routes import (
    accounts,
    agent,
    guest,
    health,
    me,
    money_account,
    notifications,
    password_resets,
    payment_methods,
    payment_plans,
    payments,
    sandbox,
    sessions,
    support,
    two_step,
)
from hcpay.portal.routes import (
    autopay as autopay_routes,
)
from hcpay.portal.routes import documents as document_routes
from hcpay.portal.routes import preferences as preference_routes
from hcpay.portal.security import startup_checks
from hcpay.portal.security.body_limit import BodyLimit
from hcpay.portal.security.secrets_box import SecretBox, load_or_create_key
from hcpay.portal.services import outbox, passwords
from hcpay.portal.settings import PortalSettings

log = logging.getLogger("hcpay.portal")


def _key_path(settings: PortalSettings) -> Path:
    if settings.is_sqlite:
        db_file = settings.database_url.split("///", 1)[-1]
        if db_file and db_file != ":memory:":
            return Path(db_file + ".key")
    digest = hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
    return paths.data_dir() / f"portal-{digest}.key"


def _secret_box(settings: PortalSettings) -> SecretBox:
    startup_checks.check_key(settings)
    if settings.ssn_key:
        return SecretBox(settings.ssn_key)
    # a sandbox on SQLite: one process, a key file beside the database
    return SecretBox(load_or_create_key(_key_path(settings)))


def build_portal(settings: PortalSettings, *, schema: str | None = None) -> Portal:
    """Raises ``startup_checks.StartupRefused`` (a message for the operator) when these
    settings must not serve: see that module."""
    startup_checks.check_live(settings)
    box = _secret_box(settings)
    db = Database(settings.database_url, schema=schema, info={outbox.SECRET_BOX: box})
    migrate.upgrade(db)
    startup_checks.check_no_demo_accounts(db, settings)
    startup_checks.check_key_reads_data(db, box)
    clock = Clock(db, sandbox=settings.sandbox, timezone=settings.timezone)
    gateway: Processor = (
        SandboxGateway(db, clock=clock) if settings.sandbox else UnconfiguredProcessor()
    )
    portal = Portal(
        settings=settings, db=db, clock=clock, box=box,
        jobs=JobRunner(db, clock), gateway=gateway,
        # SQLite takes one writer at a time; PostgreSQL runs writers side by side, and a batch
        # mostly waits on it, so a few batches at once keep it busy
        new_charges=GroupCommit(workers=1 if db.is_sqlite else 4),
    )
    _register_jobs(portal)
    # the dummy hash that unknown usernames are checked against, made before the first sign-in
    passwords.warm_up(settings, in_background=True)
    return portal


def _register_jobs(portal: Portal) -> None:
    """Each part of the portal that works on a timer adds its jobs here."""
    from hcpay.portal.billing import jobs as billing_jobs
    from hcpay.portal.documents import tax_forms
    from hcpay.portal.payments import autopay, runner
    from hcpay.portal.services import retention
    from hcpay.portal.services.login_guard import prune_job

    # Order within a day: bills first, then money moving, then what depends on it.
    portal.jobs.register("billing", lambda ctx: billing_jobs.run_billing(portal, ctx))
    portal.jobs.register("settlements", lambda ctx: runner.run_settlements(portal, ctx))
    portal.jobs.register("scheduled_payments", lambda ctx: runner.run_scheduled(portal, ctx))
    portal.jobs.register("autopay_resumes", lambda ctx: autopay.run_resumes(portal, ctx))
    portal.jobs.register("autopay_notices", lambda ctx: autopay.run_notices(portal, ctx))
    portal.jobs.register("autopay_draws", lambda ctx: autopay.run_draws(portal, ctx))
    portal.jobs.register("grace", lambda ctx: billing_jobs.run_grace(portal, ctx))
    portal.jobs.register("reminders", lambda ctx: billing_jobs.run_reminders(portal, ctx))
    portal.jobs.register("tax_forms", lambda ctx: tax_forms.run_tax_forms(portal.settings, ctx))
    portal.jobs.register("prune_login_attempts", prune_job)
    portal.jobs.register("retention", lambda ctx: retention.prune(ctx, portal.settings))


async def _job_timer(portal: Portal, every: int) -> None:
    while True:
        try:
            await run_in_threadpool(portal.jobs.run_until)
        except Exception as exc:  # a failed run is retried at the next tick
            log.error("job run failed: %s", type(exc).__name__)
        await asyncio.sleep(every)


def create_app(
    settings: PortalSettings | None = None,
    *,
    run_jobs: bool = False,
    schema: str | None = None,
) -> FastAPI:
    settings = settings or PortalSettings()
    portal = build_portal(settings, schema=schema)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = None
        if run_jobs and settings.jobs_interval_seconds > 0:
            task = asyncio.create_task(_job_timer(portal, settings.jobs_interval_seconds))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            portal.db.dispose()

    app = FastAPI(
        title="hcpay portal", version=__version__, lifespan=lifespan,
        description="Health-insurance premium payments (contract: portal-api.md).",
    )
    app.state.portal = portal
    app.add_middleware(BodyLimit)
    app.add_middleware(Language)  # each request answered in its Accept-Language
    app.add_middleware(logs.AccessLog)  # added last: the outermost, so it sees every answer
    problems.install(app)
    app.include_router(health.router)
    app.include_router(accounts.router)
    app.include_router(sessions.router)
    app.include_router(me.router)
    app.include_router(two_step.router)
    app.include_router(password_resets.router)
    app.include_router(guest.router)
    app.include_router(support.router)
    app.include_router(agent.router)
    for money_router in (
        money_account.router, payment_methods.router, payments.router, autopay_routes.router,
        notifications.router, payment_plans.router, document_routes.router,
        preference_routes.router,
    ):
        app.include_router(money_router)
    if settings.sandbox:
        app.include_router(sandbox.router)
    if isinstance(portal.gateway, SandboxGateway):
        app.mount("/gateway", portal.gateway.asgi_app(problems.install))
    openapi_problems.install(app)
    return app
