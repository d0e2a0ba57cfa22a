"""Notifications, grouped notifications, notification policies and web push."""

from __future__ import annotations

from typing import Any

import attrs

from tootkit.models._base import EPOCH, NotificationType, Timestamp
from tootkit.models.account import (
    Account,
    AccountWarning,
    PartialAccountWithAvatar,
    RelationshipSeveranceEvent,
)
from tootkit.models.admin import Report
from tootkit.models.status import Status

__all__ = [
    "GroupedNotificationsResults",
    "Notification",
    "NotificationGroup",
    "NotificationPolicy",
    "NotificationPolicySummary",
    "NotificationRequest",
    "PushNotification",
    "UnreadNotificationsCount",
    "WebPushSubscription",
    "WebPushSubscriptionAlerts",
]


@attrs.frozen(kw_only=True, slots=False)
class Notification:
    """Something that happened to the signed-in account: a mention, a follow, a boost...

    See https://docs.joinmastodon.org/entities/Notification/.
    """

    id: str = ""
    """Added in 0.9.9."""

    type: NotificationType | None = None
    """Added in 0.9.9. Changed in 2.8.0, 3.1.0, 3.3.0, 3.5.0, 4.0.0, 4.3.0, 4.5.0."""

    created_at: Timestamp = EPOCH
    """Added in 0.9.9."""

    account: Account = attrs.Factory(Account)
    """Added in 0.9.9."""

    status: Status | None = None
    """Added in 0.9.9. Changed in 4.0.0."""

    group_key: str = ""
    """Added in 4.3.0."""

    report: Report | None = None
    """Added in 4.0.0."""

    event: RelationshipSeveranceEvent | None = None
    """Added in 4.3.0."""

    moderation_warning: AccountWarning | None = None
    """Added in 4.3.0."""

    relationship_severance_event: RelationshipSeveranceEvent | None = None
    """The name of ``event`` in Mastodon 4.3 pre-releases. Added in 4.3.0."""

    annual_report: dict[str, Any] | None = None
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class WebPushSubscriptionAlerts:
    """Which events a web push subscription receives.

    See https://docs.joinmastodon.org/entities/WebPushSubscription/.
    """

    follow: bool | None = None
    """Added in 2.4.0."""

    favourite: bool | None = None
    """Added in 2.4.0."""

    reblog: bool | None = None
    """Added in 2.4.0."""

    mention: bool | None = None
    """Added in 2.4.0."""

    poll: bool | None = None
    """Added in 2.8.0."""

    follow_request: bool | None = None
    """Added in 2.4.0."""

    status: bool | None = None
    """Added in 3.1.0."""

    update: bool | None = None
    """Added in 3.3.0."""

    admin_sign_up: bool | None = attrs.field(default=None, metadata={"json": "admin.sign_up"})
    """Added in 3.5.0."""

    admin_report: bool | None = attrs.field(default=None, metadata={"json": "admin.report"})
    """Added in 4.0.0."""

    quote: bool | None = None
    """Added in 4.5.0."""

    quoted_update: bool | None = None
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class WebPushSubscription:
    """A web push subscription.

    See https://docs.joinmastodon.org/entities/WebPushSubscription/.
    """

    id: str = ""
    """Added in 2.4.0."""

    endpoint: str = ""
    """Added in 2.4.0."""

    server_key: str = ""
    """Added in 2.4.0."""

    alerts: WebPushSubscriptionAlerts = attrs.Factory(WebPushSubscriptionAlerts)
    """Added in 2.4.0. Changed in 2.8.0, 3.1.0, 3.3.0, 3.5.0, 4.0.0."""

    policy: str = ""
    """Added in 2.4.0."""

    standard: bool = False
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class PushNotification:
    """The payload of a web push notification.

    See https://docs.joinmastodon.org/entities/WebPushSubscription/.
    """

    access_token: str = ""
    """Added in 2.4.0."""

    body: str = ""
    """Added in 2.4.0."""

    icon: str = ""
    """Added in 2.4.0."""

    notification_id: str = ""
    """Added in 2.4.0."""

    notification_type: str = ""
    """Added in 2.4.0."""

    preferred_locale: str = ""
    """Added in 2.4.0."""

    title: str = ""
    """Added in 2.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class NotificationPolicySummary:
    """Counts of filtered notifications.

    See https://docs.joinmastodon.org/entities/NotificationPolicy.
    """

    pending_requests_count: int = 0
    """Added in 4.3.0."""

    pending_notifications_count: int = 0
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class NotificationPolicy:
    """Which notifications the signed-in account filters out.

    See https://docs.joinmastodon.org/entities/NotificationPolicy.
    """

    for_not_following: str = ""
    """Added in 4.3.0."""

    for_not_followers: str = ""
    """Added in 4.3.0."""

    for_new_accounts: str = ""
    """Added in 4.3.0."""

    for_private_mentions: str = ""
    """Added in 4.3.0."""

    for_limited_accounts: str = ""
    """Added in 4.3.0."""

    summary: NotificationPolicySummary = attrs.Factory(NotificationPolicySummary)
    """Added in 4.3.0."""

    filter_not_following: bool | None = None
    """Removed in 4.3.0 final, replaced by the ``for_*`` fields. Added in 4.3.0."""

    filter_not_followers: bool | None = None
    """Removed in 4.3.0 final, replaced by the ``for_*`` fields. Added in 4.3.0."""

    filter_new_accounts: bool | None = None
    """Removed in 4.3.0 final, replaced by the ``for_*`` fields. Added in 4.3.0."""

    filter_private_mentions: bool | None = None
    """Removed in 4.3.0 final, replaced by the ``for_*`` fields. Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class GroupedNotificationsResults:
    """A page of grouped notifications, with the accounts and posts they refer to.

    See https://docs.joinmastodon.org/entities/GroupedNotificationsResults.
    """

    accounts: tuple[Account, ...] = ()
    """Added in 4.3.0."""

    partial_accounts: tuple[PartialAccountWithAvatar, ...] = ()
    """Added in 4.3.0."""

    statuses: tuple[Status, ...] = ()
    """Added in 4.3.0."""

    notification_groups: tuple[NotificationGroup, ...] = ()
    """Added in 4.3.0."""

    _pagination_next: dict[str, Any] | None = None
    """Added in 4.3.0."""

    _pagination_prev: dict[str, Any] | None = None
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class NotificationGroup:
    """Notifications of one kind about one thing, grouped together.

    See https://docs.joinmastodon.org/entities/GroupedNotificationsResults.
    """

    group_key: str = ""
    """Added in 4.3.0."""

    notifications_count: int = 0
    """Added in 4.3.0."""

    type: NotificationType | None = None
    """Added in 4.3.0."""

    most_recent_notification_id: str = ""
    """Added in 4.3.0."""

    page_min_id: str | None = None
    """Added in 4.3.0."""

    page_max_id: str | None = None
    """Added in 4.3.0."""

    latest_page_notification_at: Timestamp | None = None
    """Added in 4.3.0."""

    sample_account_ids: tuple[str, ...] = ()
    """Added in 4.3.0."""

    status_id: str | None = None
    """Added in 4.3.0."""

    report: Report | None = None
    """Added in 4.3.0."""

    event: RelationshipSeveranceEvent | None = None
    """Added in 4.3.0."""

    moderation_warning: AccountWarning | None = None
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class UnreadNotificationsCount:
    """How many notifications are unread.

    See https://docs.joinmastodon.org/methods/notifications/#unread-count.
    """

    count: int = 0
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class NotificationRequest:
    """Filtered notifications from one account, waiting for review.

    See https://docs.joinmastodon.org/entities/NotificationRequest.
    """

    id: str = ""
    """Added in 4.3.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.3.0."""

    updated_at: Timestamp = EPOCH
    """Added in 4.3.0."""

    account: Account = attrs.Factory(Account)
    """Added in 4.3.0."""

    notifications_count: int = 0
    """Added in 4.3.0."""

    last_status: Status | None = None
    """Added in 4.3.0."""
