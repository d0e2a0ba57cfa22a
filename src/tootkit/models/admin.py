"""Entities of the moderation (admin) API."""

from __future__ import annotations

import attrs

from tootkit.models._base import EPOCH, Timestamp
from tootkit.models.account import Account, Role
from tootkit.models.instance import Rule
from tootkit.models.status import Status

__all__ = [
    "AdminAccount",
    "AdminCanonicalEmailBlock",
    "AdminCohort",
    "AdminDimension",
    "AdminDimensionData",
    "AdminDomainAllow",
    "AdminDomainBlock",
    "AdminEmailDomainBlock",
    "AdminEmailDomainBlockHistory",
    "AdminIp",
    "AdminIpBlock",
    "AdminMeasure",
    "AdminMeasureData",
    "AdminReport",
    "AdminRetention",
    "Report",
]


@attrs.frozen(kw_only=True, slots=False)
class Report:
    """A report about an account or its posts, filed by the signed-in user.

    See https://docs.joinmastodon.org/entities/Report/.
    """

    id: str = ""
    """Added in 2.9.1."""

    action_taken: bool | str | None = None
    """Added in 2.9.1."""

    comment: str = ""
    """Added in 2.9.1."""

    created_at: Timestamp = EPOCH
    """Added in 2.9.1."""

    target_account: Account = attrs.Factory(Account)
    """Added in 2.9.1."""

    status_ids: tuple[str, ...] = ()
    """Added in 2.9.1."""

    action_taken_at: Timestamp | None = None
    """Added in 2.9.1."""

    category: str = ""
    """Added in 3.5.0."""

    forwarded: bool = False
    """Added in 4.0.0."""

    rules_ids: tuple[str, ...] = ()
    """Added in 3.5.0."""

    rule_ids: tuple[str, ...] = ()
    """Added in 4.0.0."""

    collection_ids: tuple[str, ...] = ()
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminAccount:
    """An account as the server's moderators see it.

    See https://docs.joinmastodon.org/entities/Admin_Account/.
    """

    id: str = ""
    """Added in 2.9.1."""

    username: str = ""
    """Added in 2.9.1."""

    domain: str | None = None
    """Added in 2.9.1."""

    created_at: Timestamp = EPOCH
    """Added in 2.9.1."""

    email: str = ""
    """Added in 2.9.1."""

    ip: str | AdminIp | None = None
    """Added in 2.9.1. Changed in 3.5.0, 4.0.0."""

    role: Role = attrs.Factory(Role)
    """Added in 2.9.1. Changed in 4.0.0."""

    confirmed: bool = False
    """Added in 2.9.1."""

    suspended: bool = False
    """Added in 2.9.1."""

    silenced: bool = False
    """Added in 2.9.1."""

    disabled: bool = False
    """Added in 2.9.1."""

    approved: bool = False
    """Added in 2.9.1."""

    locale: str = ""
    """Added in 2.9.1."""

    invite_request: str | None = None
    """Added in 2.9.1."""

    account: Account = attrs.Factory(Account)
    """Added in 2.9.1."""

    sensitized: bool = False
    """Added in 2.9.1."""

    ips: tuple[AdminIp, ...] = ()
    """Added in 3.5.0."""

    created_by_application_id: str | None = None
    """Added in 2.9.1."""

    invited_by_account_id: str | None = None
    """Added in 2.9.1."""


@attrs.frozen(kw_only=True, slots=False)
class AdminReport:
    """A report as the server's moderators see it.

    See https://docs.joinmastodon.org/entities/Admin_Report/.
    """

    id: str = ""
    """Added in 2.9.1."""

    action_taken: bool = False
    """Added in 2.9.1."""

    comment: str = ""
    """Added in 2.9.1."""

    created_at: Timestamp = EPOCH
    """Added in 2.9.1."""

    updated_at: Timestamp = EPOCH
    """Added in 2.9.1."""

    account: AdminAccount = attrs.Factory(AdminAccount)
    """Added in 2.9.1."""

    target_account: AdminAccount = attrs.Factory(AdminAccount)
    """Added in 2.9.1."""

    assigned_account: AdminAccount | None = None
    """Added in 2.9.1."""

    action_taken_by_account: AdminAccount | None = None
    """Added in 2.9.1."""

    statuses: tuple[Status, ...] = ()
    """Added in 2.9.1."""

    action_taken_at: Timestamp | None = None
    """Added in 2.9.1."""

    category: str = ""
    """Added in 3.5.0."""

    forwarded: bool | None = None
    """Added in 4.0.0."""

    rules: tuple[Rule, ...] = ()
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminIp:
    """An IP address an account used.

    See https://docs.joinmastodon.org/entities/Admin_Ip/.
    """

    ip: str = ""
    """Added in 3.5.0."""

    used_at: str = ""
    """Added in 3.5.0."""

    user_id: str | None = None
    """Sent by Mastodon before 3.5."""


@attrs.frozen(kw_only=True, slots=False)
class AdminMeasure:
    """A measure of server activity over a period, for moderators.

    See https://docs.joinmastodon.org/entities/Admin_Measure/.
    """

    key: str = ""
    """Added in 3.5.0."""

    unit: str | None = None
    """Added in 3.5.0."""

    total: str = ""
    """Added in 3.5.0."""

    human_value: str | None = None
    """Added in 3.5.0."""

    previous_total: str | None = None
    """Added in 3.5.0."""

    data: tuple[AdminMeasureData, ...] = ()
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminMeasureData:
    """One point of an admin measure.

    See https://docs.joinmastodon.org/entities/Admin_Measure/.
    """

    date: Timestamp = EPOCH
    """Added in 3.5.0."""

    value: int = 0
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminDimension:
    """A breakdown of server activity, for moderators.

    See https://docs.joinmastodon.org/entities/Admin_Dimension/.
    """

    key: str = ""
    """Added in 3.5.0."""

    data: tuple[AdminDimensionData, ...] = ()
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminDimensionData:
    """One item of an admin dimension.

    See https://docs.joinmastodon.org/entities/Admin_Dimension/.
    """

    key: str = ""
    """Added in 3.5.0."""

    human_key: str = ""
    """Added in 3.5.0."""

    value: str = ""
    """Added in 3.5.0."""

    unit: str | None = None
    """"""


@attrs.frozen(kw_only=True, slots=False)
class AdminRetention:
    """User retention of one cohort.

    See https://docs.joinmastodon.org/entities/Admin_Cohort/.
    """

    period: Timestamp = EPOCH
    """Added in 3.5.0."""

    frequency: str = ""
    """Added in 3.5.0."""

    data: tuple[AdminCohort, ...] = ()
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminCohort:
    """Users retained on one date of a cohort.

    See https://docs.joinmastodon.org/entities/Admin_Cohort/.
    """

    date: Timestamp = EPOCH
    """Added in 3.5.0."""

    rate: float = 0.0
    """Added in 3.5.0."""

    value: int = 0
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminDomainBlock:
    """A domain blocked by the moderators.

    See https://docs.joinmastodon.org/entities/Admin_DomainBlock/.
    """

    id: str = ""
    """Added in 4.0.0."""

    domain: str = ""
    """Added in 4.0.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.0.0."""

    severity: str = ""
    """Added in 4.0.0."""

    reject_media: bool = False
    """Added in 4.0.0."""

    reject_reports: bool = False
    """Added in 4.0.0."""

    private_comment: str | None = None
    """Added in 4.0.0."""

    public_comment: str | None = None
    """Added in 4.0.0."""

    obfuscate: bool = False
    """Added in 4.0.0."""

    digest: str | None = None
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminCanonicalEmailBlock:
    """An e-mail address blocked by the moderators, by its hash.

    See https://docs.joinmastodon.org/entities/Admin_CanonicalEmailBlock.
    """

    id: str = ""
    """Added in 4.0.0."""

    canonical_email_hash: str = ""
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminDomainAllow:
    """A domain allowed to federate.

    See https://docs.joinmastodon.org/entities/Admin_DomainAllow.
    """

    id: str = ""
    """Added in 4.0.0."""

    domain: str = ""
    """Added in 4.0.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminEmailDomainBlock:
    """An e-mail domain blocked from sign-up.

    See https://docs.joinmastodon.org/entities/Admin_EmailDomainBlock.
    """

    id: str = ""
    """Added in 4.0.0."""

    domain: str = ""
    """Added in 4.0.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.0.0."""

    history: tuple[AdminEmailDomainBlockHistory, ...] = ()
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminEmailDomainBlockHistory:
    """Sign-up attempts from a blocked e-mail domain on one day.

    See https://docs.joinmastodon.org/entities/Admin_EmailDomainBlock.
    """

    day: Timestamp = EPOCH
    """Added in 4.0.0."""

    accounts: int = 0
    """Added in 4.0.0."""

    uses: int = 0
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class AdminIpBlock:
    """An IP range blocked by the moderators.

    See https://docs.joinmastodon.org/entities/Admin_IpBlock.
    """

    id: str = ""
    """Added in 4.0.0."""

    ip: str = ""
    """Added in 4.0.0."""

    severity: str = ""
    """Added in 4.0.0."""

    comment: str = ""
    """Added in 4.0.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.0.0."""

    expires_at: Timestamp | None = None
    """Added in 4.0.0."""
