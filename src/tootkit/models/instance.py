"""What a server says about itself: the v2 and v1 instance entities, rules, NodeInfo."""

from __future__ import annotations

from typing import Any

import attrs

from tootkit.models._base import EPOCH, Timestamp
from tootkit.models.account import Account

__all__ = [
    "Activity",
    "DomainBlock",
    "ExtendedDescription",
    "Instance",
    "InstanceAccountConfiguration",
    "InstanceAnnualReportCampaign",
    "InstanceConfiguration",
    "InstanceConfigurationV1",
    "InstanceContact",
    "InstanceIcon",
    "InstanceMediaConfiguration",
    "InstancePollConfiguration",
    "InstanceRegistrations",
    "InstanceStatistics",
    "InstanceStatusConfiguration",
    "InstanceThumbnail",
    "InstanceThumbnailVersions",
    "InstanceTimelinesAccessConfiguration",
    "InstanceTimelinesAccessFeedConfiguration",
    "InstanceTranslationConfiguration",
    "InstanceURLs",
    "InstanceURLsV1",
    "InstanceUsage",
    "InstanceUsageUsers",
    "InstanceV1",
    "InstanceVapidKey",
    "Nodeinfo",
    "NodeinfoMetadata",
    "NodeinfoServices",
    "NodeinfoSoftware",
    "NodeinfoUsage",
    "NodeinfoUsageUsers",
    "Rule",
    "RuleTranslation",
    "SupportedLocale",
    "TermsOfService",
    "instance_from_v1",
]


@attrs.frozen(kw_only=True, slots=False)
class InstanceURLsV1:
    """URLs the server publishes, in the v1 instance format.

    See https://docs.joinmastodon.org/entities/V1_Instance/.
    """

    streaming_api: str = ""
    """Added in 3.4.2."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceAccountConfiguration:
    """Limits on accounts, such as the number of pinned tags.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    max_featured_tags: int = 0
    """Added in 4.0.0."""

    max_pinned_statuses: int = 0
    """Added in 4.3.0."""

    max_display_name_length: int = 0
    """Added in 4.6.0."""

    max_note_length: int = 0
    """Added in 4.6.0."""

    max_avatar_description_length: int = 0
    """Added in 4.6.0."""

    max_header_description_length: int = 0
    """Added in 4.6.0."""

    max_profile_fields: int = 0
    """Added in 4.6.0."""

    profile_field_name_limit: int = 0
    """Added in 4.6.0."""

    profile_field_value_limit: int = 0
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceStatusConfiguration:
    """Limits on posts, such as their length.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    max_characters: int = 0
    """Added in 3.4.2."""

    max_media_attachments: int = 0
    """Added in 3.4.2."""

    characters_reserved_per_url: int = 0
    """Added in 3.4.2."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceMediaConfiguration:
    """Limits on media uploads.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    supported_mime_types: tuple[str, ...] = ()
    """Added in 3.4.2."""

    image_size_limit: int = 0
    """Added in 3.4.2."""

    image_matrix_limit: int = 0
    """Added in 3.4.2."""

    video_size_limit: int = 0
    """Added in 3.4.2."""

    video_frame_rate_limit: int = 0
    """Added in 3.4.2."""

    video_matrix_limit: int = 0
    """Added in 3.4.2."""

    description_limit: int = 0
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstancePollConfiguration:
    """Limits on polls.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    max_options: int = 0
    """Added in 3.4.2."""

    max_characters_per_option: int = 0
    """Added in 3.4.2."""

    min_expiration: int = 0
    """Added in 3.4.2."""

    max_expiration: int = 0
    """Added in 3.4.2."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceConfigurationV1:
    """Limits and settings of the server, in the v1 instance format.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    accounts: InstanceAccountConfiguration = attrs.Factory(InstanceAccountConfiguration)
    """Added in 3.4.2."""

    statuses: InstanceStatusConfiguration = attrs.Factory(InstanceStatusConfiguration)
    """Added in 3.4.2."""

    media_attachments: InstanceMediaConfiguration = attrs.Factory(InstanceMediaConfiguration)
    """Added in 3.4.2."""

    polls: InstancePollConfiguration = attrs.Factory(InstancePollConfiguration)
    """Added in 3.4.2."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceV1:
    """Information about the server, as ``GET /api/v1/instance`` reports it (old servers).

    See https://docs.joinmastodon.org/entities/V1_Instance/.
    """

    uri: str = ""
    """Added in 1.1.0."""

    title: str = ""
    """Added in 1.1.0."""

    short_description: str = ""
    """Added in 2.9.2."""

    description: str = ""
    """Added in 1.1.0. Changed in 4.0.0. Deprecated."""

    email: str = ""
    """Added in 1.1.0."""

    version: str = ""
    """Added in 1.3.0."""

    urls: InstanceURLsV1 = attrs.Factory(InstanceURLsV1)
    """Added in 1.4.2."""

    stats: InstanceStatistics | None = None
    """Added in 1.6.0."""

    thumbnail: str | None = None
    """Added in 1.6.1."""

    languages: tuple[str, ...] = ()
    """Added in 2.3.0."""

    registrations: bool = False
    """Added in 1.6.0."""

    approval_required: bool = False
    """Added in 2.9.2."""

    invites_enabled: bool = False
    """Added in 3.1.4. Changed in 4.0.0. Deprecated."""

    configuration: InstanceConfigurationV1 = attrs.Factory(InstanceConfigurationV1)
    """Added in 3.1.4."""

    contact_account: Account = attrs.Factory(Account)
    """Added in 1.1.0."""

    rules: tuple[Rule, ...] = ()
    """Added in 3.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceUsageUsers:
    """Recent active users of the server.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    active_month: int = 0
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceUsage:
    """Recent use of the server.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    users: InstanceUsageUsers = attrs.Factory(InstanceUsageUsers)
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceTranslationConfiguration:
    """Whether the server translates posts.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    enabled: bool = False
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceURLs:
    """URLs the server publishes, such as its streaming host.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    streaming: str = ""
    """Added in 4.0.0."""

    status: str | None = None
    """Added in 4.0.0."""

    about: str | None = None
    """Added in 4.4.0."""

    privacy_policy: str | None = None
    """Added in 4.4.0."""

    terms_of_service: str | None = None
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceVapidKey:
    """The key for web push subscriptions.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    public_key: str = ""
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceTimelinesAccessFeedConfiguration:
    """Who may read local and remote posts of one kind of feed.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    local: str = ""
    """Added in 4.5.0."""

    remote: str = ""
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceTimelinesAccessConfiguration:
    """Who may read the live and trending timelines (Mastodon 4.5+).

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    live_feeds: InstanceTimelinesAccessFeedConfiguration = attrs.Factory(
        InstanceTimelinesAccessFeedConfiguration
    )
    """Added in 4.5.0."""

    hashtag_feeds: InstanceTimelinesAccessFeedConfiguration = attrs.Factory(
        InstanceTimelinesAccessFeedConfiguration
    )
    """Added in 4.5.0."""

    trending_link_feeds: InstanceTimelinesAccessFeedConfiguration = attrs.Factory(
        InstanceTimelinesAccessFeedConfiguration
    )
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceConfiguration:
    """Limits and settings of the server.

    See https://docs.joinmastodon.org/methods/instance/.
    """

    accounts: InstanceAccountConfiguration = attrs.Factory(InstanceAccountConfiguration)
    """Added in 3.4.2."""

    statuses: InstanceStatusConfiguration = attrs.Factory(InstanceStatusConfiguration)
    """Added in 3.4.2."""

    media_attachments: InstanceMediaConfiguration = attrs.Factory(InstanceMediaConfiguration)
    """Added in 3.4.2."""

    polls: InstancePollConfiguration = attrs.Factory(InstancePollConfiguration)
    """Added in 3.4.2."""

    translation: InstanceTranslationConfiguration = attrs.Factory(InstanceTranslationConfiguration)
    """Added in 4.0.0."""

    urls: InstanceURLs = attrs.Factory(InstanceURLs)
    """Added in 4.0.0."""

    vapid: InstanceVapidKey = attrs.Factory(InstanceVapidKey)
    """Added in 4.3.0."""

    limited_federation: bool = False
    """Added in 4.4.0."""

    timelines_access: InstanceTimelinesAccessConfiguration = attrs.Factory(
        InstanceTimelinesAccessConfiguration
    )
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceRegistrations:
    """Whether and how people can sign up.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    approval_required: bool = False
    """Added in 4.0.0."""

    enabled: bool = False
    """Added in 4.0.0."""

    message: str | None = None
    """Added in 4.0.0."""

    url: str | None = None
    """Added in 4.2.0."""

    sign_up_url: str | None = None
    """Added in 4.2.0."""

    reason_required: bool | None = None
    """Added in 4.4.0."""

    min_age: int | None = None
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceContact:
    """How to reach the server's staff.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    account: Account = attrs.Factory(Account)
    """Added in 4.0.0."""

    email: str = ""
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class Instance:
    """Information about the server, as ``GET /api/v2/instance`` reports it (Mastodon 4.0+).

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    domain: str = ""
    """Added in 4.0.0."""

    title: str = ""
    """Added in 4.0.0."""

    version: str = ""
    """Added in 4.0.0."""

    source_url: str = ""
    """Added in 4.0.0."""

    description: str = ""
    """Added in 4.0.0."""

    usage: InstanceUsage = attrs.Factory(InstanceUsage)
    """Added in 4.0.0."""

    thumbnail: InstanceThumbnail | None = None
    """Added in 4.0.0."""

    languages: tuple[str, ...] = ()
    """Added in 4.0.0."""

    configuration: InstanceConfiguration = attrs.Factory(InstanceConfiguration)
    """Added in 4.0.0."""

    registrations: InstanceRegistrations = attrs.Factory(InstanceRegistrations)
    """Added in 4.0.0."""

    contact: InstanceContact = attrs.Factory(InstanceContact)
    """Added in 4.0.0."""

    rules: tuple[Rule, ...] = ()
    """Added in 4.0.0."""

    icon: tuple[InstanceIcon, ...] = ()
    """Added in 4.3.0."""

    api_versions: dict[str, Any] | None = None
    """Added in 4.3.0."""

    wrapstodon: InstanceAnnualReportCampaign | None = None
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceIcon:
    """One size of the server's icon.

    See https://docs.joinmastodon.org/methods/instance/#InstanceIcon.
    """

    src: str = ""
    """Added in 4.3.0."""

    size: str = ""
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceThumbnail:
    """The server's banner picture.

    See https://docs.joinmastodon.org/entities/V1_Instance/.
    """

    url: str = ""
    """Added in 4.0.0."""

    blurhash: str | None = None
    """Added in 4.0.0."""

    versions: InstanceThumbnailVersions | None = None
    """Added in 4.0.0."""

    description: str | None = None
    """"""


@attrs.frozen(kw_only=True, slots=False)
class InstanceThumbnailVersions:
    """Sizes of the server's banner picture for different screens.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    x1: str | None = attrs.field(default=None, metadata={"json": "@1x"})
    """Added in 4.0.0."""

    x2: str | None = attrs.field(default=None, metadata={"json": "@2x"})
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceStatistics:
    """Counts of users, posts and known servers.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    user_count: int = 0
    """Added in 1.6.0."""

    status_count: int = 0
    """Added in 1.6.0."""

    domain_count: int = 0
    """Added in 1.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class RuleTranslation:
    """A translation of a server rule.

    See https://docs.joinmastodon.org/entities/Rule/#translations.
    """

    text: str = ""
    """Added in 4.4.0."""

    hint: str = ""
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class Rule:
    """A rule that the users of the server agree to.

    See https://docs.joinmastodon.org/entities/Rule/.
    """

    id: str = ""
    """Added in 3.4.0."""

    text: str = ""
    """Added in 3.4.0."""

    hint: str = ""
    """Added in 4.3.0."""

    translations: dict[str, Any] | None = None
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class InstanceAnnualReportCampaign:
    """The state of the server's yearly report.

    See https://docs.joinmastodon.org/entities/Instance/.
    """

    year: int = 0
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class NodeinfoSoftware:
    """The software a server runs, from NodeInfo.

    See https://github.com/jhass/nodeinfo.
    """

    name: str = ""
    """Added in 3.0.0."""

    version: str = ""
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class NodeinfoServices:
    """Services a server connects to, from NodeInfo.

    See https://github.com/jhass/nodeinfo.
    """

    outbound: tuple[Any, ...] = ()
    """Added in 3.0.0."""

    inbound: tuple[Any, ...] = ()
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class NodeinfoUsageUsers:
    """User counts from NodeInfo.

    See https://github.com/jhass/nodeinfo.
    """

    total: int = 0
    """Added in 3.0.0."""

    activeMonth: int = 0
    """Added in 3.0.0."""

    activeHalfyear: int = 0
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class NodeinfoUsage:
    """Usage counts from NodeInfo.

    See https://github.com/jhass/nodeinfo.
    """

    users: NodeinfoUsageUsers = attrs.Factory(NodeinfoUsageUsers)
    """Added in 3.0.0."""

    localPosts: int = 0
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class NodeinfoMetadata:
    """Free-form server metadata from NodeInfo.

    See https://github.com/jhass/nodeinfo.
    """

    nodeName: str = ""
    """Added in 4.4.0."""

    nodeDescription: str | None = None
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class Nodeinfo:
    """NodeInfo metadata about a server.

    See https://github.com/jhass/nodeinfo.
    """

    version: str = ""
    """Added in 3.0.0."""

    software: NodeinfoSoftware = attrs.Factory(NodeinfoSoftware)
    """Added in 3.0.0."""

    protocols: tuple[str, ...] = ()
    """Added in 3.0.0."""

    services: NodeinfoServices = attrs.Factory(NodeinfoServices)
    """Added in 3.0.0."""

    usage: NodeinfoUsage = attrs.Factory(NodeinfoUsage)
    """Added in 3.0.0."""

    openRegistrations: bool = False
    """Added in 3.0.0."""

    metadata: NodeinfoMetadata = attrs.Factory(NodeinfoMetadata)
    """Added in 3.0.0."""

    links: tuple[Any, ...] = ()
    """Links to the NodeInfo documents, in the ``/.well-known/nodeinfo`` discovery document."""


@attrs.frozen(kw_only=True, slots=False)
class Activity:
    """Weekly activity of the server.

    See https://docs.joinmastodon.org/methods/instance/#activity.
    """

    week: Timestamp = EPOCH
    """Added in 2.1.2."""

    logins: int = 0
    """Added in 2.1.2."""

    registrations: int = 0
    """Added in 2.1.2."""

    statuses: int = 0
    """Added in 2.1.2."""


@attrs.frozen(kw_only=True, slots=False)
class DomainBlock:
    """A domain that the server blocks, as it publishes it.

    See https://docs.joinmastodon.org/entities/DomainBlock.
    """

    domain: str = ""
    """Added in 4.0.0."""

    digest: str = ""
    """Added in 4.0.0."""

    severity: str = ""
    """Added in 4.0.0."""

    comment: str | None = None
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class ExtendedDescription:
    """The long description of the server.

    See https://docs.joinmastodon.org/entities/ExtendedDescription.
    """

    updated_at: Timestamp = EPOCH
    """Added in 4.0.0."""

    content: str = ""
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class SupportedLocale:
    """A language the server's interface is available in.

    See https://docs.joinmastodon.org/entities/Instance.
    """

    code: str = ""
    """Added in 4.2.0."""

    name: str = ""
    """Added in 4.2.0."""


@attrs.frozen(kw_only=True, slots=False)
class TermsOfService:
    """The server's terms of service.

    See https://docs.joinmastodon.org/methods/instance/#terms_of_service.
    """

    effective_date: Timestamp = EPOCH
    """Added in 4.4.0."""

    effective: bool = False
    """Added in 4.4.0."""

    content: str = ""
    """Added in 4.4.0."""

    succeeded_by: Timestamp | None = None
    """Added in 4.4.0."""


def instance_from_v1(v1: InstanceV1) -> Instance:
    """Describe an old server's v1 instance answer in the v2 shape.

    tootkit falls back to ``GET /api/v1/instance`` on servers without the v2
    endpoint (Mastodon before 4.0, and some other servers), and converts the
    answer so that callers handle one type. Fields that v1 lacks keep their
    defaults; the domain is taken from ``uri``.

    Examples:
        >>> v1 = InstanceV1(uri="https://old.example", title="Old", version="3.5.3")
        >>> instance_from_v1(v1).domain
        'old.example'
    """
    domain = v1.uri.split("://", 1)[-1].strip("/")
    return Instance(
        domain=domain,
        title=v1.title,
        version=v1.version,
        description=v1.short_description or v1.description,
        thumbnail=InstanceThumbnail(url=v1.thumbnail) if v1.thumbnail else None,
        languages=v1.languages,
        configuration=InstanceConfiguration(
            accounts=v1.configuration.accounts,
            statuses=v1.configuration.statuses,
            media_attachments=v1.configuration.media_attachments,
            polls=v1.configuration.polls,
            urls=InstanceURLs(streaming=v1.urls.streaming_api),
        ),
        registrations=InstanceRegistrations(
            enabled=v1.registrations, approval_required=v1.approval_required
        ),
        contact=InstanceContact(email=v1.email, account=v1.contact_account),
        rules=v1.rules,
    )
