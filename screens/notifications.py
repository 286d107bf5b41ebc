"""Notifications: the notices the portal sent this member (newest first), reminder preferences
(which notices by email or text, and how many days before a due date to remind), and the due
dates and autopay draws as a calendar file (.ics) saved in the documents folder."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Header, Input, ListItem, ListView, Static

from hcpay.domain.i18n import N_, _, ngettext
from screens.base import BaseScreen
from screens.flow_form import MarkedCheckbox
from screens.footer import KeyFooter

if TYPE_CHECKING:
    from hcpay.api.models import Notification

CATEGORIES = (
    ("billing", "Bills"),
    ("payments", "Payments"),
    ("autopay", "Autopay"),
)


class NotificationsScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    NotificationsScreen #notes-body { padding: 0 1; }
    NotificationsScreen .heading { text-style: bold; margin-top: 1; }
    NotificationsScreen #notes { height: 6; border: round $foreground 40%; }
    NotificationsScreen #notes > ListItem.-highlight { text-style: bold reverse; }
    NotificationsScreen #note-text { height: auto; min-height: 2; }
    NotificationsScreen .pref-row { height: 1; }
    NotificationsScreen .pref-row Static { width: 10; }
    NotificationsScreen .pref-row Checkbox { border: none; padding: 0 1; height: 1; width: auto; }
    NotificationsScreen #remind-row { height: 3; }
    NotificationsScreen #remind-row Static { width: 34; padding-top: 1; }
    NotificationsScreen #remind-days { width: 8; }
    NotificationsScreen #status { padding: 0 1; }
    """
    HELP = N_(
        "The notices sent to you, newest first (Up and Down read each one). Below: which "
        "notices come by email and by text message, and how many days before a due date to "
        "remind you; Tab moves through them, Space ticks a box, s saves. c saves your due "
        "dates and automatic payment days as a calendar file (.ics) you can open in any "
        "calendar app; the line at the bottom says where it went."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="notes_back", tooltip=N_("Back to the dashboard")),
        Binding("s", "save_preferences", N_("Save reminders"), id="notes_save"),
        Binding("c", "calendar", N_("Calendar .ics"), id="notes_calendar",
                tooltip=N_("Save due dates and autopay draws as a calendar file")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[Notification] = []
        self.calendar_path: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="notes-body"):
            yield Static(_("Notices sent to you, newest first"), classes="heading", id="notes-head")
            yield ListView(id="notes")
            yield Static("", id="note-text")
            yield Static(_("Reminders: how each kind of notice reaches you"), classes="heading")
            for key, label in CATEGORIES:
                with Horizontal(classes="pref-row"):
                    yield Static(label)
                    yield MarkedCheckbox("email", id=f"pref-{key}-email")
                    yield MarkedCheckbox("text message", id=f"pref-{key}-sms")
            with Horizontal(id="remind-row"):
                yield Static(_("Remind me this many days before:"))
                yield Input("", id="remind-days", restrict=r"[0-9]*", max_length=2)
        yield Static("", id="status", classes="status")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = _("Notifications and reminders")

    def on_screen_resume(self) -> None:
        self.query_one("#notes", ListView).focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # letters typed in a field are text; Enter saves there
        return not (isinstance(self.focused, Input)
                    and action in {"save_preferences", "calendar"})

    @work(exclusive=True, exit_on_error=False, group="notes", name="notifications")
    async def load(self) -> None:
        import asyncio

        client = await self.hc.portal()
        notes, prefs = await asyncio.gather(client.notifications(),
                                            client.notification_preferences())
        self.notes = notes
        listing = self.query_one("#notes", ListView)
        await listing.clear()
        for note in notes:
            when = f"{note.created_at:%b} {note.created_at.day:>2}" if note.created_at else ""
            listing.append(ListItem(Static(f"{when}  {note.subject or note.code or ''}")))
        self.query_one("#notes-head", Static).update(
            _("Notices sent to you: {notes}, newest first").format(notes=len(notes)) if notes
            else _("No notices sent to you yet.")
        )
        if notes:
            listing.index = 0
            self._show(0)
        for key, _label in CATEGORIES:
            choice = prefs.categories.get(key)
            self.query_one(f"#pref-{key}-email", Checkbox).value = bool(choice and choice.email)
            self.query_one(f"#pref-{key}-sms", Checkbox).value = bool(choice and choice.sms)
        self.query_one("#remind-days", Input).value = str(prefs.remind_days_before_due)

    @on(ListView.Highlighted, "#notes")
    def _highlighted(self, event: ListView.Highlighted) -> None:
        index = self.query_one("#notes", ListView).index
        if index is not None:
            self._show(index)

    def _show(self, index: int) -> None:
        if 0 <= index < len(self.notes):
            note = self.notes[index]
            self.query_one("#note-text", Static).update(
                f"{note.subject or ''}: {note.body or ''}".strip(": ")
            )

    @on(Input.Submitted, "#remind-days")
    def _days_entered(self, event: Input.Submitted) -> None:
        self.action_save_preferences()

    def action_save_preferences(self) -> None:
        days = self.query_one("#remind-days", Input).value.strip()
        if not days.isdigit() or not 0 <= int(days) <= 30:
            self.say(_("Type how many days before a due date to remind you: 0 to 30."),
                     kind="error")
            self.query_one("#remind-days", Input).focus()
            return
        self.save_preferences(int(days))

    @work(exclusive=True, exit_on_error=False, group="notes-save", name="preferences")
    async def save_preferences(self, days: int) -> None:
        from hcpay.api.models import ChannelChoice, NotificationPreferences

        client = await self.hc.portal()
        categories = {
            key: ChannelChoice(email=self.query_one(f"#pref-{key}-email", Checkbox).value,
                               sms=self.query_one(f"#pref-{key}-sms", Checkbox).value)
            for key, _label in CATEGORIES
        }
        saved = await client.set_notification_preferences(
            NotificationPreferences(categories=categories, remind_days_before_due=days)
        )
        self.say(_("Reminders saved: {remind_days_before_due} days before each due "
                 "date.").format(remind_days_before_due=saved.remind_days_before_due), kind="ok")

    @work(exclusive=True, exit_on_error=False, group="notes-calendar", name="calendar")
    async def action_calendar(self) -> None:
        from hcpay import documents

        client = await self.hc.portal()
        text = await client.calendar_ics()
        today = (await client.config()).today  # the portal's date names the file
        events = text.count("BEGIN:VEVENT")
        stamp = today.isoformat() if today else "next-12-months"
        path = documents.save(f"hcpay-due-dates-{stamp}.ics", text)
        self.calendar_path = str(path)
        self.say(ngettext("Calendar saved ({events} date): {path}",
                          "Calendar saved ({events} dates): {path}", events).format(
                              events=events, path=path),
                 kind="ok")

    async def action_back(self) -> None:
        await self.hc.go_back()
