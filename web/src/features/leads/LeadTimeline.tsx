import { Button, Empty, Flex, Space, Tag, Timeline, Typography } from "antd";
import type { TimelineItemType } from "antd/es/timeline/Timeline";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FollowUp, Id, LeadEvent, LeadEventKind, Level } from "../../api/types";
import { formatInstant, formatMoney } from "../../shared/format";
import { LevelTag } from "../../shared/LevelTag";

const EVENT_COLOURS: Partial<Record<LeadEventKind, string>> = {
  created: "blue",
  merged: "orange",
  level_changed: "blue",
  assigned: "purple",
  released: "purple",
  claimed: "purple",
  defeat_requested: "red",
  defeat_approved: "red",
  defeat_returned: "green",
  visited: "geekblue",
  called: "geekblue",
  test_drive_booked: "cyan",
  test_drive_done: "green",
  test_drive_cancelled: "gray",
  quoted: "cyan",
  ordered: "green",
  order_cancelled: "red",
  delivered: "green",
  cancel_regraded: "blue",
  cancel_closed: "red",
};

// Event payloads are not fixed by the contract; these keys get a label and the rest are shown as they come.
const KNOWN_DATA_KEYS = [
  "from",
  "to",
  "ownerId",
  "reason",
  "competitor",
  "note",
  "source",
  "via",
  "level",
  "name",
] as const;
// Coded values with their own dictionary section.
const DICTIONARY_OF_KEY: Record<string, string> = { reason: "defeatReason", source: "source", via: "via" };
const EVENT_DATA_AREAS = ["sales", "reception", "testDrives"] as const;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
// In these events `from`/`to` are owner ids (null = the pool), shown by name.
const OWNER_EVENTS: readonly LeadEventKind[] = ["created", "assigned", "released", "claimed"];

function isLevel(value: unknown): value is Level {
  return typeof value === "string" && /^[NCBAHODT]$/.test(value);
}

function EventData({ event, ownerNames }: { event: LeadEvent; ownerNames: Map<Id, string> }) {
  const { t, i18n } = useTranslation();
  if (!event.data) return null;
  const ownerEvent = OWNER_EVENTS.includes(event.kind);
  const isOwnerKey = (key: string) => ownerEvent && (key === "from" || key === "to" || key === "ownerId");
  // Known keys in their reading order (from before to), the rest after them as they come.
  const rank = (key: string) => {
    const i = (KNOWN_DATA_KEYS as readonly string[]).indexOf(key);
    return i === -1 ? KNOWN_DATA_KEYS.length : i;
  };
  const entries = Object.entries(event.data)
    .filter(([key, value]) => {
      if (isOwnerKey(key)) return true;
      return value !== null && value !== undefined && typeof value !== "object" && !key.endsWith("Id");
    })
    .sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return null;
  // The sales process's areas name their own payload keys (`<area>.eventData.<key>`) and coded values
  // (`<area>.eventValue.<key>.<value>`) in their dictionaries.
  const fromArea = (path: string) => {
    const area = EVENT_DATA_AREAS.find((a) => i18n.exists(`${a}.${path}`));
    return area ? t(`${area}.${path}`) : undefined;
  };
  const label = (key: string) =>
    (KNOWN_DATA_KEYS as readonly string[]).includes(key)
      ? t(`leads.timeline.data.${key}`)
      : (fromArea(`eventData.${key}`) ?? key);
  const value = (key: string, raw: unknown) => {
    if (isOwnerKey(key)) {
      if (raw === null || raw === undefined) return t("leads.badge.pool");
      return ownerNames.get(Number(raw)) ?? `#${String(raw)}`;
    }
    if (isLevel(raw)) return <LevelTag level={raw} />;
    // money in event payloads is integer fen (e.g. a quote's total, a refunded deposit)
    if (key.endsWith("Fen") && typeof raw === "number") return formatMoney(raw, i18n.language);
    const dictionary = DICTIONARY_OF_KEY[key];
    if (dictionary && i18n.exists(`${dictionary}.${String(raw)}`)) return t(`${dictionary}.${String(raw)}`);
    const coded = fromArea(`eventValue.${key}.${String(raw)}`);
    if (coded) return coded;
    // instants in payloads (e.g. a booked test drive's start) in the reader's time, like every other instant
    if (typeof raw === "string" && ISO_INSTANT.test(raw)) return formatInstant(raw);
    return String(raw);
  };
  return (
    <Space size={[12, 4]} wrap>
      {entries.map(([key, raw]) => (
        <Typography.Text key={key} type="secondary">
          {t("common.labelled", { label: label(key) })}
          {value(key, raw)}
        </Typography.Text>
      ))}
    </Space>
  );
}

function FollowUpContent({ followUp }: { followUp: FollowUp }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4}>
      <Space size={4} wrap>
        <Tag>{t(`channel.${followUp.channel}`)}</Tag>
        <Tag color={followUp.reached ? "success" : "default"}>
          {followUp.reached ? t("followUp.reachedYes") : t("followUp.reachedNo")}
        </Tag>
        <LevelTag level={followUp.levelBefore} />→<LevelTag level={followUp.levelAfter} />
      </Space>
      <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>
        {followUp.content}
      </Typography.Paragraph>
      {followUp.nextContactAt && (
        <Typography.Text type="secondary">
          {t("common.labelled", { label: t("followUp.nextContactAt") })}
          {formatInstant(followUp.nextContactAt)}
        </Typography.Text>
      )}
      {followUp.appointment && (
        <Typography.Text type="secondary">
          {t("common.labelled", { label: t(`appointmentKind.${followUp.appointment.kind}`) })}
          {formatInstant(followUp.appointment.at)}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * When, what and who on one line above the entry's body. (A timeline label column would break names and
 * long event names over several lines in a card this narrow.)
 */
function EntryHead({
  at,
  what,
  actor,
  children,
}: {
  at: string;
  what: string;
  actor: string | null;
  children: ReactNode;
}) {
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary">
        <span className="nowrap">{formatInstant(at)}</span>
        {" · "}
        <Typography.Text strong>{what}</Typography.Text>
        {actor ? ` · ${actor}` : ""}
      </Typography.Text>
      {children}
    </Flex>
  );
}

interface Entry {
  at: string;
  item: TimelineItemType;
}

/** One story of the lead: follow-ups and every state change, merged by time. */
interface TimelineProps {
  followUps: FollowUp[];
  events: LeadEvent[];
  /** Owner ids in event payloads resolve to names through the lead's owner history. */
  ownerNames: Map<Id, string>;
}

export function LeadTimeline({ followUps, events, ownerNames }: TimelineProps) {
  const { t } = useTranslation();
  const [newestFirst, setNewestFirst] = useState(true);

  const entries: Entry[] = [
    ...followUps.map((f) => ({
      at: f.occurredAt,
      item: {
        key: `f-${f.id}`,
        color: f.reached ? "green" : "gray",
        content: (
          <EntryHead at={f.occurredAt} what={t("leads.timeline.followUp")} actor={f.actorName}>
            <FollowUpContent followUp={f} />
          </EntryHead>
        ),
      },
    })),
    // The follow-up records above carry more than their events, so those events would only repeat them.
    ...events
      .filter((e) => e.kind !== "follow_up")
      .map((e) => ({
        at: e.at,
        item: {
          key: `e-${e.id}`,
          color: EVENT_COLOURS[e.kind] ?? "gray",
          content: (
            <EntryHead at={e.at} what={t(`eventKind.${e.kind}`)} actor={e.actorName}>
              <EventData event={e} ownerNames={ownerNames} />
            </EntryHead>
          ),
        },
      })),
  ];
  entries.sort((a, b) => (Date.parse(a.at) - Date.parse(b.at)) * (newestFirst ? -1 : 1));

  if (entries.length === 0) return <Empty description={t("leads.timeline.empty")} />;
  return (
    <Flex vertical gap={12}>
      <Button size="small" style={{ alignSelf: "flex-end" }} onClick={() => setNewestFirst((v) => !v)}>
        {newestFirst ? t("leads.timeline.newestFirst") : t("leads.timeline.oldestFirst")}
      </Button>
      <Timeline items={entries.map((e) => e.item)} data-testid="lead-timeline" />
    </Flex>
  );
}
