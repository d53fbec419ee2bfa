// Placing an order (下订单): a stock car that fits the lead, or a factory order by model and colour; the
// deposit and the price. From a saved quote the car and the price come prefilled.
import { Alert, App, Button, Col, Drawer, Form, Input, Radio, Row, Select, Space } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import {
  DEPOSIT_METHODS,
  type DepositMethod,
  type Quote,
  useCreateOrder,
  useMatchingCars,
} from "../../api/sales";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { fenToYuan, optionalText, toFen } from "../../shared/format";
import { useMoney, YuanInput } from "../../shared/money";
import { useEnumOptions } from "../../shared/options";
import { testId } from "../../shared/testId";
import { CarOption } from "./SalesBits";

interface Values {
  kind: "stock" | "factory";
  vehicleId?: Id;
  model?: string;
  trim?: string;
  colour?: string;
  optionPackage?: string;
  deposit?: number | null;
  depositMethod: DepositMethod;
  price?: number | null;
}

interface Props {
  lead: { id: Id; name: string; intendedModel: string | null; colour: string | null };
  quote?: Quote;
  open: boolean;
  onClose: () => void;
}

export function OrderDrawer({ lead, quote, open, onClose }: Props) {
  const { t } = useTranslation();
  // destroyed when hidden: every opening starts from the quote (or the lead) with a fresh request state
  return (
    <Drawer
      title={t("sales.order.title", { name: lead.name })}
      open={open}
      onClose={onClose}
      size="large"
      destroyOnHidden
    >
      <OrderForm lead={lead} quote={quote} onClose={onClose} />
    </Drawer>
  );
}

function OrderForm({ lead, quote, onClose }: Omit<Props, "open">) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const money = useMoney();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrder();
  const matches = useMatchingCars({ leadId: lead.id });
  const methodOptions = useEnumOptions("sales.depositMethod", DEPOSIT_METHODS);
  const kind = Form.useWatch("kind", form);
  const cars = matches.data?.items ?? [];
  const quotedCar = quote?.vehicleId ?? undefined;

  const submit = (v: Values) =>
    create.mutate(
      {
        leadId: lead.id,
        ...(v.kind === "stock"
          ? { vehicleId: v.vehicleId }
          : {
              factoryOrder: {
                model: v.model!.trim(),
                trim: optionalText(v.trim),
                colour: v.colour!.trim(),
                optionPackage: optionalText(v.optionPackage),
              },
            }),
        quoteId: quote?.id,
        depositFen: toFen(v.deposit) ?? 0,
        depositMethod: v.depositMethod,
        priceFen: toFen(v.price) ?? 0,
      },
      {
        onSuccess: (order) => {
          message.success(t("sales.order.created", { orderNo: order.orderNo }));
          onClose();
          navigate(`/orders/${order.id}`);
        },
      },
    );

  // the quoted car may not be in the list (a demo car, or one that went meanwhile): it stays selectable
  const options = cars.map((c) => ({ value: c.id, label: <CarOption car={c} /> }));
  if (quote?.vehicleId && !cars.some((c) => c.id === quote.vehicleId)) {
    options.unshift({
      value: quote.vehicleId,
      label: <span>{[quote.model, quote.colour].join(" · ")}</span>,
    });
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid="order-form"
      initialValues={{
        kind: quotedCar || !quote ? "stock" : "factory",
        vehicleId: quotedCar,
        model: quote?.model ?? lead.intendedModel ?? undefined,
        trim: quote?.trim ?? undefined,
        colour: quote?.colour ?? lead.colour ?? undefined,
        depositMethod: "wechat",
        price: fenToYuan(quote?.totalFen),
      }}
    >
      {quote && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("sales.order.fromQuote", { total: money(quote.totalFen) })}
        />
      )}
      <Form.Item name="kind" label={t("sales.field.kind")}>
        <Radio.Group
          optionType="button"
          options={[
            { value: "stock", label: t("sales.carKind.stock") },
            { value: "factory", label: t("sales.carKind.factory") },
          ]}
          data-testid="order-kind"
        />
      </Form.Item>
      {kind === "stock" ? (
        <Form.Item
          name="vehicleId"
          label={t("sales.order.pickCar")}
          rules={[{ required: true }]}
          extra={!matches.isPending && options.length === 0 ? t("sales.order.noCar") : undefined}
        >
          <Select
            options={options}
            loading={matches.isPending}
            placeholder={t("sales.order.pickCar")}
            data-testid="order-car"
          />
        </Form.Item>
      ) : (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="model"
              label={t("sales.field.model")}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} data-testid="order-model" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="trim" label={t("sales.field.trim")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="colour"
              label={t("sales.field.colour")}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={30} data-testid="order-colour" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="optionPackage" label={t("sales.field.optionPackage")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item
        name="price"
        label={t("sales.field.price")}
        rules={[{ required: true }]}
        extra={t("sales.order.priceHint")}
      >
        <YuanInput min={0.01} data-testid="order-price" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="deposit" label={t("sales.field.deposit")} rules={[{ required: true }]}>
            <YuanInput data-testid="order-deposit" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="depositMethod" label={t("sales.field.depositMethod")}>
            <Select options={methodOptions} data-testid="order-deposit-method" />
          </Form.Item>
        </Col>
      </Row>
      {create.isError && (
        <ErrorAlert error={create.error} testId="order-error" style={{ marginBottom: 16 }} />
      )}
      <Space style={{ float: "right" }}>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending} {...testId("order-submit")}>
          {t("sales.order.submit")}
        </Button>
      </Space>
    </Form>
  );
}
