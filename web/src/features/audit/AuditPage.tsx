import { Button, Card, Col, DatePicker, Flex, Row, Select, Space, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AuditFilters, useAudit } from "../../api/audit";
import type { AuditEntry, Id } from "../../api/types";
import { useUsers } from "../../api/users";
import { useErrorText } from "../../shared/errors";
import { formatInstant, formatJson, optionalText } from "../../shared/format";

const PAGE_SIZE = 20;

// The codes the server writes (server/modules/**: `audit(…, { action, entity })`); each has a label in the
// dictionaries, and a code we do not know yet is shown as it is.
const AUDIT_ACTIONS = [
  "create",
  "update",
  "update_with_password",
  "assign",
  "release",
  "claim",
  "merge",
  "follow_up",
  "defeat_request",
  "defeat_approved",
  "defeat_returned",
  "import_batch",
  "export",
  "reveal",
  "consent",
  "reserve",
  "sell",
  "allocate",
  "cancel",
  "deliver",
  "after_cancel_regrade",
  "after_cancel_close",
  "leave",
  "record",
  "arrive",
  "import",
  "feedback",
  "no_show",
] as const;
const AUDIT_ENTITIES = [
  "lead",
  "follow_up",
  "defeat_request",
  "lead_import",
  "customer",
  "vehicle",
  "user",
  "store",
  "stock_vehicle",
  "model_rule",
  "order",
  "quote",
  "test_drive",
  "test_drive_route",
  "traffic_visit",
  "traffic_call",
  "traffic_plan",
  "care_task",
  "care_task_attempt",
] as const;

function useCodeLabel(): (section: "actionName" | "entityName", code: string) => string {
  const { t, i18n } = useTranslation();
  return (section, code) => (i18n.exists(`audit.${section}.${code}`) ? t(`audit.${section}.${code}`) : code);
}

interface Draft {
  entity?: string;
  actorId?: Id;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** People read a day range inclusively ("1 to 3 May" includes the 3rd); the server's `to` is exclusive. */
function toFilters(draft: Draft): AuditFilters {
  const [from, to] = draft.range ?? [null, null];
  return {
    entity: optionalText(draft.entity),
    actorId: draft.actorId,
    action: optionalText(draft.action),
    from: from ? from.startOf("day").toISOString() : undefined,
    to: to ? to.add(1, "day").startOf("day").toISOString() : undefined,
  };
}

function ChangeDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const block = {
    margin: 0,
    maxHeight: 320,
    overflow: "auto",
    background: "#fafafa",
    padding: 8,
    fontSize: 12,
  };
  return (
    <Row gutter={16} data-testid={`audit-diff-${entry.id}`}>
      <Col span={12}>
        <Typography.Text strong>{t("audit.before")}</Typography.Text>
        <pre style={block}>{formatJson(entry.before)}</pre>
      </Col>
      <Col span={12}>
        <Typography.Text strong>{t("audit.after")}</Typography.Text>
        <pre style={block}>{formatJson(entry.after)}</pre>
      </Col>
    </Row>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<Draft>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const audit = useAudit(filters, page, PAGE_SIZE);
  const users = useUsers({});
  const codeLabel = useCodeLabel();

  const apply = () => {
    setFilters(toFilters(draft));
    setPage(1);
  };
  const clear = () => {
    setDraft({});
    setFilters({});
    setPage(1);
  };

  return (
    <Card title={t("audit.title")}>
      <Flex vertical gap={12}>
        <Space wrap>
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("audit.entity")}
            style={{ width: 150 }}
            value={draft.entity}
            onChange={(entity) => setDraft({ ...draft, entity })}
            options={AUDIT_ENTITIES.map((code) => ({ value: code, label: codeLabel("entityName", code) }))}
            data-testid="audit-filter-entity"
          />
          <Select<Id>
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("audit.actor")}
            style={{ width: 160 }}
            value={draft.actorId}
            onChange={(actorId) => setDraft({ ...draft, actorId })}
            options={(users.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName} (${u.username})`,
            }))}
            data-testid="audit-filter-actor"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("audit.action")}
            style={{ width: 160 }}
            value={draft.action}
            onChange={(action) => setDraft({ ...draft, action })}
            options={AUDIT_ACTIONS.map((code) => ({ value: code, label: codeLabel("actionName", code) }))}
            data-testid="audit-filter-action"
          />
          <DatePicker.RangePicker
            value={draft.range ?? null}
            onChange={(range) => setDraft({ ...draft, range })}
            data-testid="audit-filter-range"
          />
          <Button type="primary" onClick={apply} data-testid="audit-search">
            {t("common.search")}
          </Button>
          <Button onClick={clear}>{t("common.reset")}</Button>
        </Space>
        {audit.isError && <Typography.Text type="danger">{errorText(audit.error)}</Typography.Text>}
        <Table<AuditEntry>
          size="small"
          rowKey={(e) => String(e.id)}
          loading={audit.isFetching}
          dataSource={audit.data?.items ?? []}
          expandable={{ expandedRowRender: (entry) => <ChangeDiff entry={entry} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: audit.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t("common.total", { count: total }),
            onChange: setPage,
          }}
          columns={[
            {
              title: t("audit.at"),
              dataIndex: "at",
              width: 150,
              className: "nowrap",
              render: (v: string) => formatInstant(v),
            },
            {
              title: t("audit.actor"),
              dataIndex: "actorName",
              render: (v: string | null) => v ?? t("audit.system"),
            },
            {
              title: t("audit.action"),
              dataIndex: "action",
              render: (v: string) => codeLabel("actionName", v),
            },
            {
              title: t("audit.entity"),
              dataIndex: "entity",
              render: (v: string) => codeLabel("entityName", v),
            },
            {
              title: t("audit.entityId"),
              dataIndex: "entityId",
              render: (v: string | null) => v ?? "—",
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
