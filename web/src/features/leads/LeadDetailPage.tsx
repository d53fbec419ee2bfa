import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Flex, Result, Row, Space, Spin, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../api/client";
import { useLead } from "../../api/leads";
import type { Id, LeadAppointment, LeadDefeat } from "../../api/types";
import { useCan } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";
import { LevelTag } from "../../shared/LevelTag";
import { AfterCancelDecision } from "../sales/AfterCancelDecision";
import { LeadSalesCard } from "../sales/LeadSalesCard";
import { LeadActions } from "./LeadActions";
import { LeadSummary } from "./LeadSummary";
import { LeadTimeline } from "./LeadTimeline";
import { OwnerHistory } from "./OwnerHistory";

function DefeatNotice({ defeat, requester }: { defeat: LeadDefeat; requester: string }) {
  const { t } = useTranslation();
  const detail = [t(`defeatReason.${defeat.reason}`), defeat.competitor, defeat.note]
    .filter(Boolean)
    .join(" · ");
  return (
    <Alert
      type={defeat.status === "returned" ? "info" : defeat.status === "approved" ? "error" : "warning"}
      showIcon
      title={t(`defeat.status.${defeat.status}`, {
        name: requester,
        at: formatInstant(defeat.requestedAt),
      })}
      description={detail}
      data-testid="lead-defeat"
    />
  );
}

function Appointments({ items }: { items: LeadAppointment[] }) {
  const { t } = useTranslation();
  return (
    <Table<LeadAppointment>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      columns={[
        {
          title: t("followUp.appointmentKind"),
          dataIndex: "kind",
          render: (_: unknown, a) => t(`appointmentKind.${a.kind}`),
        },
        {
          title: t("followUp.appointmentAt"),
          dataIndex: "at",
          className: "nowrap",
          render: (v: string) => formatInstant(v),
        },
        {
          title: t("leads.detail.remindAt"),
          dataIndex: "remindAt",
          className: "nowrap",
          render: (v: string) => formatInstant(v),
        },
      ]}
    />
  );
}

export default function LeadDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const can = useCan();
  const detail = useLead(id);

  if (detail.isPending) return <Spin style={{ display: "block", marginTop: 48 }} />;
  if (detail.isError) {
    return isApiError(detail.error, "not_found") ? (
      <Result status="404" title={t("leads.detail.notFound")} />
    ) : (
      <Result status="error" title={errorText(detail.error)} />
    );
  }

  const { lead, followUps, owners, events, appointments, defeat } = detail.data;
  // Event payloads carry user ids; everybody who owned or touched the lead is named somewhere in the detail.
  const ownerNames = new Map<Id, string>();
  for (const e of events) if (e.actorId !== null && e.actorName) ownerNames.set(e.actorId, e.actorName);
  for (const f of followUps) if (f.actorName) ownerNames.set(f.actorId, f.actorName);
  for (const o of owners) if (o.ownerId !== null && o.ownerName) ownerNames.set(o.ownerId, o.ownerName);
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(-1)}
              aria-label={t("common.back")}
            />
            <Typography.Text strong data-testid="lead-name">
              {lead.name}
            </Typography.Text>
            <LevelTag level={lead.level} />
          </Space>
        }
        extra={<LeadActions lead={lead} />}
      >
        <Flex vertical gap={12}>
          {defeat && <DefeatNotice defeat={defeat} requester={ownerNames.get(defeat.requestedBy) ?? ""} />}
          {lead.level === "T" && lead.state === "active" && (
            // a cancelled order waits for the manager: re-grade or close (the decision is here, beside the why)
            <Alert
              type="warning"
              showIcon
              title={t("sales.afterCancel.title")}
              description={t("sales.afterCancel.hint")}
              action={can("lead.afterCancel") ? <AfterCancelDecision leadId={lead.id} /> : undefined}
            />
          )}
          <LeadSummary lead={lead} />
        </Flex>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t("leads.detail.timeline")}>
            <LeadTimeline followUps={followUps} events={events} ownerNames={ownerNames} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <LeadSalesCard lead={lead} />
            <Card title={t("leads.detail.owners")}>
              <OwnerHistory owners={owners} />
            </Card>
            {appointments.length > 0 && (
              <Card title={t("leads.detail.appointments")}>
                <Appointments items={appointments} />
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
