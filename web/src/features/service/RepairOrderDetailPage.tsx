// One repair order (工单详情): header with its steps (who, when), the customer and vehicle, labour and parts with
// add and remove while the work is open, the totals by payer, and the button for the next step — start, done,
// settle (结算), hand back (交车) — plus the printable settlement.
import { ArrowLeftOutlined, DeleteOutlined, PrinterOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  type LabourLine,
  PAYERS,
  type PartLine,
  type Payer,
  type RepairOrder,
  type RoState,
  useAddLabour,
  useAddPart,
  useRemoveLine,
  useRepairOrder,
  useRoStep,
} from "../../api/service";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";
import { formatInstant, toFen } from "../../shared/format";
import { useMoney, YuanInput } from "../../shared/money";
import { testId } from "../../shared/testId";
import { PayerTag, ReturnRepairTag, RoStateTag, WorkTypeTag } from "./RoBits";

const STEPS: RoState[] = ["open", "in_progress", "done", "settled", "handed_back"];
const NEXT: Partial<Record<RoState, "in_progress" | "done" | "settled" | "handed_back">> = {
  open: "in_progress",
  in_progress: "done",
  done: "settled",
  settled: "handed_back",
};

function StepsBar({ ro }: { ro: RepairOrder }) {
  const { t } = useTranslation();
  const current = STEPS.indexOf(ro.state);
  return (
    <Steps
      size="small"
      current={current}
      status={ro.state === "handed_back" ? "finish" : "process"}
      data-testid="ro-steps"
      items={STEPS.map((s) => {
        const e = ro.events.find((x) => x.toState === s);
        return {
          title: t(`service.ro.state.${s}`),
          description: e ? `${e.actorName} · ${formatInstant(e.at)}` : undefined,
        };
      })}
    />
  );
}

function StepButton({ ro }: { ro: RepairOrder }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const step = useRoStep(ro.id);
  const next = NEXT[ro.state];
  if (!next) return null;
  const run = () =>
    step.mutate(next, {
      onSuccess: () => message.success(t("service.ro.done.step", { state: t(`service.ro.state.${next}`) })),
      onError: (e) => message.error(e.message),
    });
  const button = (
    <Button
      type="primary"
      loading={step.isPending}
      onClick={next === "settled" || next === "handed_back" ? undefined : run}
      data-testid={`ro-step-${next}`}
    >
      {t(`service.ro.action.${next}`)}
    </Button>
  );
  if (next !== "settled" && next !== "handed_back") return button;
  return (
    <Popconfirm
      title={t(`service.ro.confirm.${next}`)}
      onConfirm={run}
      okButtonProps={testId("ro-step-confirm")}
    >
      {button}
    </Popconfirm>
  );
}

function RemoveButton({ ro, kind, lineId }: { ro: RepairOrder; kind: "labour" | "parts"; lineId: number }) {
  const { t } = useTranslation();
  const remove = useRemoveLine(ro.id);
  return (
    <Popconfirm
      title={t("service.ro.confirmRemove")}
      onConfirm={() => remove.mutate({ kind, lineId })}
      okButtonProps={testId("ro-remove-confirm")}
    >
      <Button
        size="small"
        type="text"
        danger
        icon={<DeleteOutlined />}
        loading={remove.isPending}
        aria-label={t("service.ro.remove")}
        data-testid={`ro-remove-${kind}-${lineId}`}
      />
    </Popconfirm>
  );
}

function PayerSelect(props: { value?: Payer; onChange?: (v: Payer) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Select<Payer>
      value={props.value}
      onChange={props.onChange}
      style={{ width: 120 }}
      options={PAYERS.map((p) => ({ value: p, label: t(`service.ro.payer.${p}`) }))}
      data-testid={props.testId}
    />
  );
}

/** The payer a new line gets unless the advisor picks another (the server's default, shown beforehand). */
function defaultPayer(ro: RepairOrder): Payer {
  return ro.workType === "warranty" ? "warranty" : ro.workType === "insurance" ? "insurer" : "customer";
}

function LabourCard({ ro, editable }: { ro: RepairOrder; editable: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const add = useAddLabour(ro.id);
  const [form] = Form.useForm<{ description: string; hours: number; rate: number; payer: Payer }>();
  return (
    <Card size="small" title={t("service.ro.labour")} data-testid="ro-labour">
      <Table<LabourLine>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={ro.labour}
        locale={{ emptyText: t("service.ro.noLines") }}
        columns={[
          { title: t("service.ro.field.description"), dataIndex: "description" },
          { title: t("service.ro.field.hours"), dataIndex: "hours", align: "right", width: 110 },
          ...priceColumns<LabourLine>(
            ro,
            "labour",
            editable,
            "rateFen",
            t("service.ro.field.rate"),
            money,
            t,
          ),
        ]}
      />
      {editable && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ payer: defaultPayer(ro) }}
          onFinish={(v) =>
            add.mutate(
              {
                description: v.description.trim(),
                hours: v.hours,
                rateFen: toFen(v.rate) ?? 0,
                payer: v.payer,
              },
              { onSuccess: () => form.resetFields() },
            )
          }
        >
          <Form.Item name="description" rules={[{ required: true, whitespace: true, message: "" }]}>
            <Input
              placeholder={t("service.ro.field.description")}
              maxLength={200}
              data-testid="ro-labour-description"
            />
          </Form.Item>
          <Form.Item name="hours" rules={[{ required: true, message: "" }]}>
            <InputNumber<number>
              min={0.01}
              max={200}
              precision={2}
              step={0.5}
              placeholder={t("service.ro.field.hours")}
              style={{ width: 110 }}
              data-testid="ro-labour-hours"
            />
          </Form.Item>
          <Form.Item name="rate" rules={[{ required: true, message: "" }]}>
            <YuanInput
              placeholder={t("service.ro.field.rate")}
              style={{ width: 140 }}
              data-testid="ro-labour-rate"
            />
          </Form.Item>
          <Form.Item name="payer">
            <PayerSelect testId="ro-labour-payer" />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} data-testid="ro-labour-add">
            {t("service.ro.addLabour")}
          </Button>
        </Form>
      )}
      {add.error && <ErrorAlert error={add.error} style={{ marginTop: 8 }} />}
    </Card>
  );
}

/** The columns both kinds of line end with: the unit price, the amount, the payer and, while editable, remove. */
function priceColumns<L extends LabourLine | PartLine>(
  ro: RepairOrder,
  kind: "labour" | "parts",
  editable: boolean,
  unitField: keyof L & string,
  unitTitle: string,
  money: (fen: number | null | undefined) => string,
  t: TFunction,
): ColumnsType<L> {
  return [
    { title: unitTitle, dataIndex: unitField, align: "right", width: 120, render: money },
    {
      title: t("service.ro.field.amount"),
      dataIndex: "amountFen",
      align: "right",
      width: 130,
      render: money,
    },
    {
      title: t("service.ro.field.payer"),
      dataIndex: "payer",
      width: 110,
      render: (p: Payer) => <PayerTag payer={p} />,
    },
    ...(editable
      ? [
          {
            key: "remove",
            width: 48,
            render: (_: unknown, l: L) => <RemoveButton ro={ro} kind={kind} lineId={l.id} />,
          },
        ]
      : []),
  ];
}

function PartsCard({ ro, editable }: { ro: RepairOrder; editable: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const add = useAddPart(ro.id);
  const [form] = Form.useForm<{
    partNo: string;
    name: string;
    quantity: number;
    price: number;
    payer: Payer;
  }>();
  return (
    <Card size="small" title={t("service.ro.parts")} data-testid="ro-parts">
      <Table<PartLine>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={ro.parts}
        locale={{ emptyText: t("service.ro.noLines") }}
        columns={[
          { title: t("service.ro.field.partNo"), dataIndex: "partNo", width: 140 },
          { title: t("service.ro.field.partName"), dataIndex: "name" },
          { title: t("service.ro.field.quantity"), dataIndex: "quantity", align: "right", width: 90 },
          ...priceColumns<PartLine>(
            ro,
            "parts",
            editable,
            "unitPriceFen",
            t("service.ro.field.unitPrice"),
            money,
            t,
          ),
        ]}
      />
      {editable && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ payer: defaultPayer(ro) }}
          onFinish={(v) =>
            add.mutate(
              {
                partNo: v.partNo.trim(),
                name: v.name.trim(),
                quantity: v.quantity,
                unitPriceFen: toFen(v.price) ?? 0,
                payer: v.payer,
              },
              { onSuccess: () => form.resetFields() },
            )
          }
        >
          <Form.Item name="partNo" rules={[{ required: true, whitespace: true, message: "" }]}>
            <Input
              placeholder={t("service.ro.field.partNo")}
              maxLength={50}
              style={{ width: 130 }}
              data-testid="ro-part-no"
            />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: "" }]}>
            <Input placeholder={t("service.ro.field.partName")} maxLength={100} data-testid="ro-part-name" />
          </Form.Item>
          <Form.Item name="quantity" rules={[{ required: true, message: "" }]}>
            <InputNumber<number>
              min={0.01}
              max={10_000}
              precision={2}
              placeholder={t("service.ro.field.quantity")}
              style={{ width: 100 }}
              data-testid="ro-part-quantity"
            />
          </Form.Item>
          <Form.Item name="price" rules={[{ required: true, message: "" }]}>
            <YuanInput
              placeholder={t("service.ro.field.unitPrice")}
              style={{ width: 140 }}
              data-testid="ro-part-price"
            />
          </Form.Item>
          <Form.Item name="payer">
            <PayerSelect testId="ro-part-payer" />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} data-testid="ro-part-add">
            {t("service.ro.addPart")}
          </Button>
        </Form>
      )}
      {add.error && <ErrorAlert error={add.error} style={{ marginTop: 8 }} />}
    </Card>
  );
}

function TotalsCard({ ro }: { ro: RepairOrder }) {
  const { t } = useTranslation();
  const money = useMoney();
  const x = ro.totals;
  return (
    <Card
      size="small"
      title={
        <Space>
          {t("service.ro.totals")}
          {ro.settledAt === null && (
            <Typography.Text type="secondary">{t("service.ro.totalsLive")}</Typography.Text>
          )}
        </Space>
      }
      data-testid="ro-totals"
    >
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t("service.ro.field.labourFen")}>{money(x.labourFen)}</Descriptions.Item>
        <Descriptions.Item label={t("service.ro.field.partsFen")}>{money(x.partsFen)}</Descriptions.Item>
        <Descriptions.Item label={<Typography.Text strong>{t("service.ro.field.totalFen")}</Typography.Text>}>
          <Typography.Text strong data-testid="ro-total">
            {money(x.totalFen)}
          </Typography.Text>
        </Descriptions.Item>
        {PAYERS.map((p) => (
          <Descriptions.Item key={p} label={t(`service.ro.payer.${p}`)}>
            <span data-testid={`ro-total-${p}`}>{money(x.byPayer[p])}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

export default function RepairOrderDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const can = useCan();
  const errorText = useErrorText();
  const query = useRepairOrder(id);
  if (query.isPending) return <Spin style={{ display: "block", marginTop: 64 }} />;
  if (!query.data) return <Result status="error" title={errorText(query.error)} />;
  const ro = query.data;
  const writes = can("repairOrder.write");
  const editable = writes && (ro.state === "open" || ro.state === "in_progress");
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space align="center" wrap>
          <Link to="/repair-orders">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t("service.ro.back")} />
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="ro-no">
            {ro.roNo}
          </Typography.Title>
          <RoStateTag state={ro.state} />
          <WorkTypeTag workType={ro.workType} />
          {ro.returnRepair && (
            <Space size={4}>
              <ReturnRepairTag />
              {ro.returnOfId !== null && (
                <Link to={`/repair-orders/${ro.returnOfId}`} data-testid="ro-return-of">
                  {t("service.ro.returnOf", { roNo: ro.returnOfRoNo })}
                </Link>
              )}
            </Space>
          )}
        </Space>
        <Space>
          <Button
            icon={<PrinterOutlined />}
            href={`/repair-orders/${ro.id}/settlement`}
            target="_blank"
            data-testid="ro-print"
          >
            {t("service.ro.print")}
          </Button>
          {writes && <StepButton ro={ro} />}
        </Space>
      </Flex>
      <Card size="small">
        <StepsBar ro={ro} />
      </Card>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t("service.ro.field.customer")}>
            <Link to={`/customers/${ro.customerId}`}>{ro.customerName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.phone")}>{ro.phone ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.plate")}>{ro.plate ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.model")}>{ro.model}</Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.vin")}>
            <Typography.Text code>{ro.vin}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.mileageIn")}>
            {ro.mileageIn.toLocaleString()}
            {ro.mileageOverrideReason && (
              <Typography.Text type="warning">{` （${ro.mileageOverrideReason}）`}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.advisor")}>{ro.advisorName}</Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.technician")}>
            {ro.technician ?? "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.openedAt")}>
            {formatInstant(ro.openedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("service.ro.field.complaint")} span={3}>
            {ro.complaint}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            <LabourCard ro={ro} editable={editable} />
            <PartsCard ro={ro} editable={editable} />
          </Space>
        </Col>
        <Col xs={24} xl={7}>
          <TotalsCard ro={ro} />
        </Col>
      </Row>
    </Space>
  );
}
