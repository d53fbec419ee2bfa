// One order (订单详情): its state, customer, car and money; for a factory order the car allocation; while open
// the delivery checklist and, for managers, the cancellation; after delivery the post-sale callbacks.
import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { CareTask } from "../../api/care";
import { isApiError } from "../../api/client";
import { type Order, useAllocate, useCancelOrder, useMatchingCars, useOrder } from "../../api/sales";
import type { Id } from "../../api/types";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";
import { formatInstant, toFen } from "../../shared/format";
import { useMoney, YuanInput } from "../../shared/money";
import { testId } from "../../shared/testId";
import { DeliveryChecklist } from "./DeliveryChecklist";
import { QuoteView } from "./QuoteView";
import { CarOption, carLine, OrderStateTag } from "./SalesBits";

function CancelOrderModal({ order, open, onClose }: { order: Order; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const money = useMoney();
  const cancel = useCancelOrder(order.id);
  const [form] = Form.useForm<{ reason: string; refund: number | null }>();
  return (
    <Modal
      title={t("sales.detail.cancelTitle", { orderNo: order.orderNo })}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("sales.detail.cancelConfirm")}
      okButtonProps={{ danger: true, loading: cancel.isPending, ...testId("cancel-submit") }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ refund: order.depositFen / 100 }}
        onFinish={(v) =>
          cancel.mutate(
            { reason: v.reason.trim(), refundFen: toFen(v.refund) ?? 0 },
            {
              onSuccess: () => {
                message.success(t("sales.detail.cancelled"));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t("sales.field.cancelReason")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="cancel-reason" />
        </Form.Item>
        <Form.Item
          name="refund"
          label={t("sales.field.refund")}
          rules={[{ required: true }]}
          extra={t("sales.detail.refundMax", { amount: money(order.depositFen) })}
        >
          <YuanInput max={order.depositFen / 100} data-testid="cancel-refund" />
        </Form.Item>
        {cancel.isError && <ErrorAlert error={cancel.error} testId="cancel-error" />}
      </Form>
    </Modal>
  );
}

function AllocateCar({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cars = useMatchingCars({ model: order.model, colour: order.colour ?? undefined });
  const allocate = useAllocate(order.id);
  const [vehicleId, setVehicleId] = useState<Id>();
  const items = cars.data?.items ?? [];
  return (
    <Flex vertical gap={12} data-testid="allocate-car">
      <Typography.Text type="secondary">{t("sales.detail.allocateHint")}</Typography.Text>
      {cars.isError ? (
        <ErrorAlert error={cars.error} />
      ) : (
        <Select
          value={vehicleId}
          onChange={setVehicleId}
          loading={cars.isPending}
          placeholder={t("sales.order.pickCar")}
          notFoundContent={t("sales.detail.noMatchingCar")}
          options={items.map((c) => ({ value: c.id, label: <CarOption car={c} /> }))}
          data-testid="allocate-select"
        />
      )}
      {allocate.isError && <ErrorAlert error={allocate.error} />}
      <Button
        type="primary"
        disabled={vehicleId === undefined}
        loading={allocate.isPending}
        style={{ alignSelf: "flex-start" }}
        onClick={() =>
          vehicleId !== undefined &&
          allocate.mutate(vehicleId, { onSuccess: () => message.success(t("sales.detail.allocated")) })
        }
        data-testid="allocate-button"
      >
        {t("sales.detail.allocateButton")}
      </Button>
    </Flex>
  );
}

function Callbacks({ tasks }: { tasks: CareTask[] }) {
  const { t } = useTranslation();
  if (tasks.length === 0)
    return <Typography.Text type="secondary">{t("sales.detail.noCallbacks")}</Typography.Text>;
  return (
    <Table<CareTask>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={tasks}
      data-testid="order-callbacks"
      columns={[
        {
          title: t("sales.detail.callbackWhich"),
          key: "day",
          render: (_, c) => (c.dayOffset === null ? "—" : t("sales.detail.callbackDay", { n: c.dayOffset })),
        },
        {
          title: t("sales.detail.callbackDue"),
          dataIndex: "dueAt",
          className: "nowrap",
          render: (v: string) => formatInstant(v),
        },
        {
          title: t("sales.field.state"),
          key: "state",
          render: (_, c) =>
            c.done ? (
              <Tag color="success">{t("sales.detail.callbackDone")}</Tag>
            ) : c.overdue ? (
              <Tag color="error">{t("sales.detail.callbackOverdue")}</Tag>
            ) : (
              <Tag>{t("sales.detail.callbackOpen")}</Tag>
            ),
        },
        {
          title: t("sales.detail.satisfaction"),
          dataIndex: "satisfaction",
          render: (v: number | null, c) =>
            v === null ? "—" : `${v} / 5${c.comment ? ` · ${c.comment}` : ""}`,
        },
      ]}
    />
  );
}

export default function OrderDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const money = useMoney();
  const errorText = useErrorText();
  const detail = useOrder(id);
  const [cancelling, setCancelling] = useState(false);

  if (detail.isPending) return <Spin style={{ display: "block", marginTop: 48 }} />;
  if (detail.isError) {
    return isApiError(detail.error, "not_found") ? (
      <Result status="404" title={t("sales.detail.notFound")} />
    ) : (
      <Result status="error" title={errorText(detail.error)} />
    );
  }
  const { order: o, quote, careTasks } = detail.data;
  const open = o.state === "open";
  const dash = (v: string | null) => v || "—";

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(-1)}
              aria-label={t("common.back")}
            />
            <Typography.Text strong data-testid="order-no">
              {o.orderNo}
            </Typography.Text>
            <OrderStateTag state={o.state} />
          </Space>
        }
        extra={
          <Space wrap>
            <Link to={`/leads/${o.leadId}`}>
              <Button data-testid="order-to-lead">{t("sales.detail.toLead")}</Button>
            </Link>
            <Link to={`/orders/${o.id}/print`} target="_blank">
              <Button icon={<PrinterOutlined />} data-testid="order-print">
                {t("sales.detail.printContract")}
              </Button>
            </Link>
            {open && can("order.cancel") && (
              <Button danger onClick={() => setCancelling(true)} data-testid="order-cancel">
                {t("sales.detail.cancelButton")}
              </Button>
            )}
          </Space>
        }
      >
        <Flex vertical gap={12}>
          {o.state === "cancelled" && (
            <Alert
              type="warning"
              showIcon
              title={t("sales.detail.cancelledNotice", {
                at: formatInstant(o.cancelledAt),
                reason: o.cancelReason,
              })}
              description={`${t("common.labelled", { label: t("sales.field.refund") })}${money(o.refundFen)}`}
            />
          )}
          {o.state === "delivered" && (
            <Alert
              type="success"
              showIcon
              title={t("sales.detail.deliveredOn", { at: formatInstant(o.deliveredAt) })}
              description={
                o.plate ? `${t("common.labelled", { label: t("sales.field.plate") })}${o.plate}` : undefined
              }
              data-testid="order-delivered"
            />
          )}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            data-testid="order-summary"
            items={[
              { key: "customer", label: t("sales.field.customer"), children: o.customerName },
              { key: "phone", label: t("sales.field.phone"), children: o.phone },
              { key: "consultant", label: t("sales.field.consultant"), children: dash(o.consultantName) },
              { key: "referrer", label: t("sales.field.referrer"), children: dash(o.referrerName) },
              { key: "orderedAt", label: t("sales.field.orderedAt"), children: formatInstant(o.orderedAt) },
              {
                key: "kind",
                label: t("sales.field.kind"),
                children: t(o.factoryOrder ? "sales.carKind.factory" : "sales.carKind.stock"),
              },
              { key: "car", label: t("sales.field.car"), children: carLine(o) },
              { key: "option", label: t("sales.field.optionPackage"), children: dash(o.optionPackage) },
              {
                key: "vin",
                label: t("sales.field.vin"),
                children: o.vin ? (
                  <Typography.Text code>{o.vin}</Typography.Text>
                ) : (
                  t("sales.detail.noCarYet")
                ),
              },
              {
                key: "price",
                label: t("sales.field.price"),
                children: <Typography.Text strong>{money(o.priceFen)}</Typography.Text>,
              },
              {
                key: "deposit",
                label: t("sales.field.deposit"),
                children: `${money(o.depositFen)} · ${t(`sales.depositMethod.${o.depositMethod}`)}`,
              },
              { key: "balance", label: t("sales.field.balance"), children: money(o.priceFen - o.depositFen) },
            ]}
          />
        </Flex>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16}>
            {open && o.vehicleId === null && can("order.create") && (
              <Card title={t("sales.detail.allocate")}>
                <AllocateCar order={o} />
              </Card>
            )}
            {open && o.vehicleId !== null && can("order.deliver") && (
              <Card title={t("sales.detail.delivery")}>
                <DeliveryChecklist order={o} />
              </Card>
            )}
            {o.state !== "cancelled" && (
              <Card title={t("sales.detail.callbacks")}>
                <Callbacks tasks={careTasks} />
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={t("sales.detail.quote")}
            extra={
              quote &&
              can("quote.read") && (
                <Link to={`/quotes/${quote.id}/print`} target="_blank">
                  <Button size="small" icon={<PrinterOutlined />}>
                    {t("sales.detail.printQuote")}
                  </Button>
                </Link>
              )
            }
          >
            {quote ? (
              <QuoteView quote={quote} columns={1} />
            ) : (
              <Typography.Text type="secondary">{t("sales.detail.noQuote")}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      <CancelOrderModal order={o} open={cancelling} onClose={() => setCancelling(false)} />
    </Flex>
  );
}
