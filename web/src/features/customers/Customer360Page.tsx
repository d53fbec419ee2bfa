// Customer 360 (客户全景): one customer with the class (常客…), lifecycle, vehicles, repair orders, sales orders,
// callbacks and scores, complaints, reminders, consent and messages. A section the role may not read says so
// (`restricted`) instead of pretending there is nothing.
import { ArrowLeftOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { isApiError } from "../../api/client";
import { type Customer360, type Section360, useCustomer360, type Vehicle360 } from "../../api/customers";
import { useLocale } from "../../app/LocaleProvider";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatDate, formatInstant } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { LifecycleTag, LoyaltyTag } from "./CustomerTags";

type RepairOrder = Customer360["repairOrders"][number];
type Order = Customer360["orders"][number];
type CareTask = Customer360["careTasks"][number];
type Complaint = Customer360["complaints"][number];
type Message = Customer360["messages"][number];

const CALLBACK_TYPES = new Set(["post_sale_callback", "post_service_callback"]);

/** A table of one section, or the reason it is empty: no access, or no records; plus "latest N of M". */
function SectionTable<T extends { id: number }>(props: {
  data: Customer360;
  section?: Section360;
  rows: T[];
  columns: ColumnsType<T>;
  empty: string;
  testId: string;
}) {
  const { t } = useTranslation();
  if (props.section && props.data.restricted.includes(props.section)) {
    return (
      <Alert
        type="info"
        showIcon
        title={t("customers.restricted")}
        data-testid={`${props.testId}-restricted`}
      />
    );
  }
  const total = props.section ? props.data.counts[props.section] : props.rows.length;
  return (
    <Flex vertical gap={8}>
      {total > props.rows.length && (
        <Typography.Text type="secondary">
          {t("customers.showing", { shown: props.rows.length, total })}
        </Typography.Text>
      )}
      <Table<T>
        rowKey="id"
        size="small"
        columns={props.columns}
        dataSource={props.rows}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: props.empty }}
        data-testid={props.testId}
      />
    </Flex>
  );
}

export default function Customer360Page() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const navigate = useNavigate();
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const query = useCustomer360(valid ? id : undefined);
  const money = useMoney();

  if (!valid || isApiError(query.error, "not_found")) {
    return (
      <Result
        status="404"
        title={t("app.notFound")}
        extra={<Link to="/customers">{t("common.back")}</Link>}
      />
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (!query.data) return <Spin />;
  const d = query.data;
  const c = d.customer;

  const vehicleColumns: ColumnsType<Vehicle360> = [
    { title: t("customers.field.plate"), dataIndex: "plate", className: "nowrap", render: (v) => v ?? "—" },
    {
      title: t("customers.field.model"),
      key: "model",
      render: (_, v) => [v.brand, v.model, v.trim, v.colour].filter(Boolean).join(" "),
    },
    {
      title: t("customers.field.vin"),
      dataIndex: "vin",
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t("customers.field.soldByStore"),
      dataIndex: "soldByStore",
      render: (v: boolean) =>
        v ? <Tag color="blue">{t("customers.soldByStore")}</Tag> : t("customers.servicedOnly"),
    },
    { title: t("customers.field.purchaseDate"), dataIndex: "purchaseDate", render: (v) => formatDate(v) },
    {
      title: t("customers.field.mileage"),
      dataIndex: "lastMileageKm",
      align: "right",
      render: (v: number | null) => (v === null ? "—" : `${v.toLocaleString(language)} km`),
    },
    { title: t("customers.field.lastService"), dataIndex: "lastServiceAt", render: (v) => formatInstant(v) },
    { title: t("customers.field.nextDue"), dataIndex: "nextMaintenanceDue", render: (v) => formatDate(v) },
  ];

  const roColumns: ColumnsType<RepairOrder> = [
    {
      title: t("customers.field.roNo"),
      dataIndex: "roNo",
      className: "nowrap",
      render: (no: string, r) => (
        <Space size={4}>
          <Link to={`/repair-orders/${r.id}`} data-testid={`ro-link-${r.id}`}>
            {no}
          </Link>
          {r.returnRepair && <Tag color="red">{t("customers.returnRepair")}</Tag>}
        </Space>
      ),
    },
    {
      title: t("customers.field.state"),
      dataIndex: "state",
      render: (s: string) => t(`customers.roState.${s}`),
    },
    {
      title: t("customers.field.workType"),
      dataIndex: "workType",
      render: (s: string) => t(`customers.workType.${s}`),
    },
    { title: t("customers.field.plate"), dataIndex: "plate", render: (v) => v ?? "—" },
    { title: t("customers.field.openedAt"), dataIndex: "openedAt", render: (v) => formatInstant(v) },
    { title: t("customers.field.handedBackAt"), dataIndex: "handedBackAt", render: (v) => formatInstant(v) },
    { title: t("customers.field.total"), dataIndex: "totalFen", align: "right", render: (v) => money(v) },
  ];

  const orderColumns: ColumnsType<Order> = [
    {
      title: t("customers.field.orderNo"),
      dataIndex: "orderNo",
      className: "nowrap",
      render: (no: string, o) => (
        <Link to={`/orders/${o.id}`} data-testid={`order-link-${o.id}`}>
          {no}
        </Link>
      ),
    },
    { title: t("customers.field.state"), dataIndex: "state", render: (s: string) => t(`sales.state.${s}`) },
    { title: t("customers.field.model"), dataIndex: "model", render: (v) => v ?? "—" },
    { title: t("customers.field.orderedAt"), dataIndex: "orderedAt", render: (v) => formatInstant(v) },
    { title: t("customers.field.deliveredAt"), dataIndex: "deliveredAt", render: (v) => formatInstant(v) },
    { title: t("customers.field.price"), dataIndex: "priceFen", align: "right", render: (v) => money(v) },
  ];

  const taskColumns = (withScore: boolean): ColumnsType<CareTask> => [
    { title: t("customers.field.taskType"), dataIndex: "type", render: (s: string) => t(`care.type.${s}`) },
    {
      title: t("customers.field.dueAt"),
      key: "due",
      render: (_, k) => (k.forDate ? formatDate(k.forDate) : formatInstant(k.dueAt)),
    },
    {
      title: t("customers.field.result"),
      key: "result",
      render: (_, k) =>
        !k.done ? (
          <Tag>{t("customers.open")}</Tag>
        ) : k.reached === false ? (
          <Tag color="orange">{t("customers.notReached")}</Tag>
        ) : (
          <Tag color="green">{k.reached ? t("customers.reached") : t("customers.done")}</Tag>
        ),
    },
    ...(withScore
      ? [
          {
            title: t("customers.field.satisfactionShort"),
            dataIndex: "satisfaction",
            align: "right" as const,
            render: (v: number | null) =>
              v === null ? (
                "—"
              ) : (
                <Typography.Text type={v <= 2 ? "danger" : undefined}>{`${v} / 5`}</Typography.Text>
              ),
          },
        ]
      : []),
    { title: t("customers.field.comment"), dataIndex: "comment", render: (v) => v ?? "—" },
  ];

  const complaintColumns: ColumnsType<Complaint> = [
    {
      title: t("customers.field.category"),
      dataIndex: "category",
      render: (s: string, k) => (
        <Link to={`/complaints/${k.id}`} data-testid={`complaint-link-${k.id}`}>
          {t(`customers.complaintCategory.${s}`)}
        </Link>
      ),
    },
    {
      title: t("customers.field.severity"),
      dataIndex: "severity",
      render: (s: string) => (
        <Tag color={s === "high" ? "red" : s === "medium" ? "orange" : undefined}>
          {t(`customers.severity.${s}`)}
        </Tag>
      ),
    },
    {
      title: t("customers.field.state"),
      dataIndex: "state",
      render: (s: string) => t(`customers.complaintState.${s}`),
    },
    { title: t("customers.field.receivedAt"), dataIndex: "receivedAt", render: (v) => formatInstant(v) },
    { title: t("customers.field.deadlineAt"), dataIndex: "deadlineAt", render: (v) => formatInstant(v) },
  ];

  const messageColumns: ColumnsType<Message> = [
    { title: t("customers.field.createdAt"), dataIndex: "createdAt", render: (v) => formatInstant(v) },
    {
      title: t("customers.field.channel"),
      dataIndex: "channel",
      render: (s: string) => t(`customers.consentChannel.${s}`),
    },
    {
      title: t("customers.field.purpose"),
      dataIndex: "purpose",
      render: (s: string) => t(`customers.purpose.${s}`),
    },
    { title: t("customers.field.template"), dataIndex: "template" },
    {
      title: t("customers.field.state"),
      dataIndex: "status",
      render: (s: string) => t(`customers.messageStatus.${s}`),
    },
  ];

  const callbacks = d.careTasks.filter((k) => CALLBACK_TYPES.has(k.type));
  const reminders = d.careTasks.filter((k) => !CALLBACK_TYPES.has(k.type));
  const consentOf = (channel: "sms" | "phone" | "wechat") => d.consents.find((k) => k.channel === channel);

  const tabs: { key: string; label: string; children: ReactNode }[] = [
    {
      key: "vehicles",
      label: `${t("customers.tab.vehicles")} (${d.vehicles.length})`,
      children: (
        <SectionTable
          data={d}
          rows={d.vehicles}
          columns={vehicleColumns}
          empty={t("customers.empty.vehicles")}
          testId="c360-vehicles"
        />
      ),
    },
    {
      key: "repairOrders",
      label: `${t("customers.tab.repairOrders")} (${d.counts.repairOrders})`,
      children: (
        <SectionTable
          data={d}
          section="repairOrders"
          rows={d.repairOrders}
          columns={roColumns}
          empty={t("customers.empty.repairOrders")}
          testId="c360-repair-orders"
        />
      ),
    },
    {
      key: "orders",
      label: `${t("customers.tab.orders")} (${d.counts.orders})`,
      children: (
        <SectionTable
          data={d}
          section="orders"
          rows={d.orders}
          columns={orderColumns}
          empty={t("customers.empty.orders")}
          testId="c360-orders"
        />
      ),
    },
    {
      key: "callbacks",
      label: `${t("customers.tab.callbacks")} (${callbacks.length})`,
      children: (
        <SectionTable
          data={d}
          section="careTasks"
          rows={callbacks}
          columns={taskColumns(true)}
          empty={t("customers.empty.callbacks")}
          testId="c360-callbacks"
        />
      ),
    },
    {
      key: "complaints",
      label: `${t("customers.tab.complaints")} (${d.counts.complaints})`,
      children: (
        <SectionTable
          data={d}
          section="complaints"
          rows={d.complaints}
          columns={complaintColumns}
          empty={t("customers.empty.complaints")}
          testId="c360-complaints"
        />
      ),
    },
    {
      key: "reminders",
      label: `${t("customers.tab.reminders")} (${reminders.length})`,
      children: (
        <SectionTable
          data={d}
          section="careTasks"
          rows={reminders}
          columns={taskColumns(false)}
          empty={t("customers.empty.reminders")}
          testId="c360-reminders"
        />
      ),
    },
    {
      key: "consent",
      label: t("customers.tab.consent"),
      children: (
        <Descriptions size="small" column={1} bordered data-testid="c360-consent">
          {(["sms", "phone", "wechat"] as const).map((channel) => {
            const k = consentOf(channel);
            return (
              <Descriptions.Item key={channel} label={t(`customers.consentChannel.${channel}`)}>
                {k ? (
                  <Space wrap>
                    <Tag color={k.granted ? "green" : "red"}>
                      {k.granted ? t("customers.granted") : t("customers.withdrawn")}
                    </Tag>
                    <span>{formatInstant(k.at)}</span>
                    <Typography.Text type="secondary">{k.source}</Typography.Text>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t("customers.noConsent")}</Typography.Text>
                )}
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      ),
    },
    {
      key: "messages",
      label: `${t("customers.tab.messages")} (${d.counts.messages})`,
      children: (
        <SectionTable
          data={d}
          section="messages"
          rows={d.messages}
          columns={messageColumns}
          empty={t("customers.empty.messages")}
          testId="c360-messages"
        />
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate("/customers")}
              aria-label={t("common.back")}
            />
            <span data-testid="c360-name">{c.name}</span>
            <LifecycleTag value={d.lifecycle} />
            <LoyaltyTag value={d.loyaltyClass} />
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t("customers.field.phone")}>
            <span data-testid="c360-phone">{c.phone ?? "—"}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.field.visits12m")}>
            <span data-testid="c360-visits">{t("customers.visits", { n: d.workshopVisits12m })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.field.lastVisit")}>
            {formatInstant(d.lastVisitAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.field.satisfaction")}>
            <span data-testid="c360-satisfaction">
              {d.averageSatisfaction === null ? "—" : `${d.averageSatisfaction} / 5`}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs items={tabs} data-testid="c360-tabs" />
      </Card>
    </Flex>
  );
}
