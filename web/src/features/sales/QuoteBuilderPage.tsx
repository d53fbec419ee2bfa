// The quote builder (报价): a stock car that fits the lead or a model typed in, the price and discount, the
// accessory / insurance / registration lines, optional loan terms with a live monthly payment, the validity.
// A saved quote is final: the page then shows it with "print" and "place order".
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Empty,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useLead } from "../../api/leads";
import {
  LOAN_MONTHS,
  QUOTE_LINE_KINDS,
  type Quote,
  type QuoteLineKind,
  useCreateQuote,
  useMatchingCars,
} from "../../api/sales";
import type { Id } from "../../api/types";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";
import { optionalText, toFen, toIsoDate } from "../../shared/format";
import { useMoney, YuanInput } from "../../shared/money";
import { useEnumOptions } from "../../shared/options";
import { testId } from "../../shared/testId";
import { monthlyPaymentFen, rateThousandths, totalInterestFen } from "./loan";
import { OrderDrawer } from "./OrderDrawer";
import { QuoteView } from "./QuoteView";
import { CarOption } from "./SalesBits";

interface LineValues {
  kind: QuoteLineKind;
  name?: string;
  amount?: number | null;
}

interface Values {
  source: "stock" | "typed";
  vehicleId?: Id;
  model?: string;
  trim?: string;
  colour?: string;
  price?: number | null;
  discount?: number | null;
  lines?: LineValues[];
  loan: boolean;
  downPayment?: number | null;
  months?: number;
  rate?: number | null;
  validUntil?: Dayjs | null;
  note?: string;
}

const DEFAULT_VALIDITY_DAYS = 7;

/** The figures of the summary, computed as the server will: exact fen, the same annuity formula. */
function figures(v: Partial<Values>) {
  const price = toFen(v.price) ?? 0;
  const discount = toFen(v.discount) ?? 0;
  const lines = (v.lines ?? []).reduce((sum, l) => sum + (toFen(l?.amount) ?? 0), 0);
  const total = price - discount + lines;
  let loan: { down: number; financed: number; monthly: number; interest: number } | null = null;
  const thousandths = v.rate === null || v.rate === undefined ? null : rateThousandths(v.rate);
  const down = toFen(v.downPayment);
  if (v.loan && down !== undefined && v.months && thousandths !== null && total - down > 0) {
    const financed = total - down;
    const monthly = monthlyPaymentFen(financed, v.months, thousandths);
    loan = { down, financed, monthly, interest: totalInterestFen(financed, monthly, v.months, thousandths) };
  }
  return { price, discount, lines, total, loan };
}

function SummaryRow({
  label,
  value,
  strong,
  testid,
}: {
  label: string;
  value: ReactNode;
  strong?: boolean;
  testid?: string;
}) {
  return (
    <Flex justify="space-between" gap={12}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Text strong={strong} style={strong ? { fontSize: 18 } : undefined} data-testid={testid}>
        {value}
      </Typography.Text>
    </Flex>
  );
}

function Summary({ form, saving }: { form: FormInstance<Values>; saving: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const watched = {
    price: Form.useWatch("price", form),
    discount: Form.useWatch("discount", form),
    lines: Form.useWatch("lines", form),
    loan: Form.useWatch("loan", form),
    downPayment: Form.useWatch("downPayment", form),
    months: Form.useWatch("months", form),
    rate: Form.useWatch("rate", form),
  };
  const f = figures(watched);
  return (
    <Card
      title={t("sales.quote.summary")}
      style={{ position: "sticky", top: 16 }}
      data-testid="quote-summary"
    >
      <Flex vertical gap={8}>
        <SummaryRow label={t("sales.field.vehiclePrice")} value={money(f.price)} />
        <SummaryRow label={t("sales.field.discount")} value={`−${money(f.discount)}`} />
        <SummaryRow label={t("sales.field.linesTotal")} value={money(f.lines)} />
        <Divider style={{ margin: "4px 0" }} />
        <SummaryRow
          label={t("sales.field.total")}
          value={money(f.total)}
          strong
          testid="quote-preview-total"
        />
        {watched.loan && (
          <>
            <Divider style={{ margin: "4px 0" }} />
            {f.loan ? (
              <>
                <SummaryRow label={t("sales.field.downPayment")} value={money(f.loan.down)} />
                <SummaryRow label={t("sales.field.financed")} value={money(f.loan.financed)} />
                <SummaryRow
                  label={t("sales.quote.monthlyPreview")}
                  value={money(f.loan.monthly)}
                  strong
                  testid="quote-preview-monthly"
                />
                <SummaryRow label={t("sales.field.interest")} value={money(f.loan.interest)} />
              </>
            ) : (
              <Typography.Text type="secondary">{t("sales.quote.loanIncomplete")}</Typography.Text>
            )}
          </>
        )}
        <Button
          type="primary"
          block
          size="large"
          style={{ marginTop: 8 }}
          loading={saving}
          onClick={() => form.submit()}
          {...testId("quote-save")}
        >
          {t("sales.quote.save")}
        </Button>
      </Flex>
    </Card>
  );
}

function SavedQuote({
  quote,
  lead,
  onAgain,
}: {
  quote: Quote;
  lead: { id: Id; name: string; intendedModel: string | null; colour: string | null };
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const [ordering, setOrdering] = useState(false);
  return (
    <Card data-testid="quote-saved">
      <Flex vertical gap={16}>
        <Alert
          type="success"
          showIcon
          title={t("sales.quote.saved")}
          description={t("sales.quote.immutable")}
        />
        <QuoteView quote={quote} />
        <Space wrap>
          <Link to={`/quotes/${quote.id}/print`} target="_blank">
            <Button {...testId("quote-print")}>{t("sales.quote.print")}</Button>
          </Link>
          {can("order.create") && (
            <Button type="primary" onClick={() => setOrdering(true)} {...testId("quote-order")}>
              {t("sales.quote.order")}
            </Button>
          )}
          <Button onClick={onAgain}>{t("sales.quote.again")}</Button>
          <Link to={`/leads/${lead.id}`}>
            <Button type="link">{t("sales.quote.toLead")}</Button>
          </Link>
        </Space>
      </Flex>
      <OrderDrawer lead={lead} quote={quote} open={ordering} onClose={() => setOrdering(false)} />
    </Card>
  );
}

export default function QuoteBuilderPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const errorText = useErrorText();
  const detail = useLead(id);
  const [form] = Form.useForm<Values>();
  const create = useCreateQuote();
  const [saved, setSaved] = useState<Quote>();
  const leadId = detail.data?.lead.id;
  const matches = useMatchingCars({ leadId }, leadId !== undefined);
  const kindOptions = useEnumOptions("sales.lineKind", QUOTE_LINE_KINDS);
  const source = Form.useWatch("source", form);
  const loan = Form.useWatch("loan", form);

  if (detail.isPending) return <Spin style={{ display: "block", marginTop: 48 }} />;
  if (detail.isError) return <Result status="error" title={errorText(detail.error)} />;
  const lead = detail.data.lead;
  if (!can("quote.create")) return <Result status="403" title={t("app.forbidden")} />;

  const cars = matches.data?.items ?? [];
  const header = (
    <Space>
      <Button
        type="text"
        icon={<ArrowLeftOutlined />}
        onClick={() => navigate(`/leads/${lead.id}`)}
        aria-label={t("common.back")}
      />
      <Typography.Text strong data-testid="quote-title">
        {t("sales.quote.title", { name: lead.name })}
      </Typography.Text>
    </Space>
  );

  if (saved) {
    return (
      <Flex vertical gap={16}>
        <Card size="small">{header}</Card>
        <SavedQuote quote={saved} lead={lead} onAgain={() => setSaved(undefined)} />
      </Flex>
    );
  }
  if (lead.state !== "active") {
    return (
      <Flex vertical gap={16}>
        <Card size="small">{header}</Card>
        <Alert type="warning" showIcon title={t("sales.quote.leadClosed")} />
      </Flex>
    );
  }

  const pickCar = (vehicleId: Id) => {
    const car = cars.find((c) => c.id === vehicleId);
    if (car?.listPriceFen != null && !form.getFieldValue("price"))
      form.setFieldValue("price", car.listPriceFen / 100);
  };

  const submit = (v: Values) => {
    const fromStock = v.source === "stock" && v.vehicleId !== undefined;
    create.mutate(
      {
        leadId: lead.id,
        ...(fromStock
          ? { vehicleId: v.vehicleId }
          : { model: optionalText(v.model), trim: optionalText(v.trim), colour: optionalText(v.colour) }),
        vehiclePriceFen: toFen(v.price) ?? 0,
        discountFen: toFen(v.discount) ?? 0,
        lines: (v.lines ?? []).map((l) => ({
          kind: l.kind,
          name: l.name!.trim(),
          amountFen: toFen(l.amount) ?? 0,
        })),
        ...(v.loan
          ? {
              loan: {
                downPaymentFen: toFen(v.downPayment) ?? 0,
                months: v.months!,
                annualRatePct: v.rate ?? 0,
              },
            }
          : {}),
        validUntil: toIsoDate(v.validUntil),
        note: optionalText(v.note),
      },
      { onSuccess: setSaved },
    );
  };

  const today = dayjs().startOf("day");
  return (
    <Flex vertical gap={16}>
      <Card size="small">{header}</Card>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          source: "stock",
          model: lead.intendedModel ?? undefined,
          colour: lead.colour ?? undefined,
          lines: [],
          loan: lead.paymentMethod === "loan",
          months: 36,
          validUntil: today.add(DEFAULT_VALIDITY_DAYS, "day"),
        }}
        data-testid="quote-form"
      >
        <Row gutter={16}>
          <Col xs={24} lg={15}>
            <Flex vertical gap={16}>
              <Card title={t("sales.quote.car")} size="small">
                <Form.Item name="source" style={{ marginBottom: 12 }}>
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: "stock", label: t("sales.quote.fromStock") },
                      { value: "typed", label: t("sales.quote.typed") },
                    ]}
                    data-testid="quote-source"
                  />
                </Form.Item>
                {source === "stock" ? (
                  matches.isPending ? (
                    <Spin />
                  ) : matches.isError ? (
                    <Alert type="info" showIcon title={t("sales.quote.noStockList")} />
                  ) : cars.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("sales.quote.noMatch")} />
                  ) : (
                    <Form.Item
                      name="vehicleId"
                      extra={t("sales.quote.matchHint")}
                      rules={[{ required: true }]}
                    >
                      <Radio.Group
                        onChange={(e) => pickCar(e.target.value as Id)}
                        style={{ display: "flex", flexDirection: "column", gap: 8 }}
                        data-testid="quote-cars"
                      >
                        {cars.map((c) => (
                          <Radio key={c.id} value={c.id} data-testid={`quote-car-${c.id}`}>
                            <CarOption car={c} />
                          </Radio>
                        ))}
                      </Radio.Group>
                    </Form.Item>
                  )
                ) : (
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item
                        name="model"
                        label={t("sales.field.model")}
                        rules={[{ required: true, whitespace: true }]}
                      >
                        <Input maxLength={100} data-testid="quote-model" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name="trim" label={t("sales.field.trim")}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name="colour" label={t("sales.field.colour")}>
                        <Input maxLength={30} data-testid="quote-colour" />
                      </Form.Item>
                    </Col>
                  </Row>
                )}
              </Card>

              <Card title={t("sales.quote.price")} size="small">
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="price"
                      label={t("sales.field.vehiclePrice")}
                      rules={[{ required: true }]}
                    >
                      <YuanInput min={0.01} data-testid="quote-price" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="discount" label={t("sales.field.discount")}>
                      <YuanInput data-testid="quote-discount" />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>

              <Card title={t("sales.quote.lines")} size="small">
                <Form.List name="lines">
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={8}>
                      {fields.length === 0 && (
                        <Typography.Text type="secondary">{t("sales.quote.noLines")}</Typography.Text>
                      )}
                      {fields.map((field, i) => (
                        <Flex key={field.key} gap={8} align="start" data-testid={`quote-line-${i}`}>
                          <Form.Item name={[field.name, "kind"]} style={{ marginBottom: 0, width: 110 }}>
                            <Select options={kindOptions} aria-label={t("sales.field.itemKind")} />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, "name"]}
                            style={{ marginBottom: 0, flex: 1 }}
                            rules={[{ required: true, whitespace: true, message: t("sales.field.itemName") }]}
                          >
                            <Input
                              maxLength={100}
                              placeholder={t("sales.field.itemName")}
                              data-testid={`quote-line-name-${i}`}
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, "amount"]}
                            style={{ marginBottom: 0, width: 160 }}
                            rules={[{ required: true, message: t("sales.field.amount") }]}
                          >
                            <YuanInput
                              placeholder={t("sales.field.amount")}
                              data-testid={`quote-line-amount-${i}`}
                            />
                          </Form.Item>
                          <Button
                            type="text"
                            icon={<DeleteOutlined />}
                            onClick={() => remove(field.name)}
                            aria-label={t("common.cancel")}
                            data-testid={`quote-line-remove-${i}`}
                          />
                        </Flex>
                      ))}
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => add({ kind: "accessory" })}
                        style={{ alignSelf: "flex-start" }}
                        data-testid="quote-add-line"
                      >
                        {t("sales.quote.addLine")}
                      </Button>
                    </Flex>
                  )}
                </Form.List>
              </Card>

              <Card
                title={t("sales.quote.loan")}
                size="small"
                extra={
                  <Form.Item name="loan" valuePropName="checked" noStyle>
                    <Switch
                      checkedChildren={t("sales.quote.loanToggle")}
                      unCheckedChildren={t("sales.quote.loanToggle")}
                      data-testid="quote-loan"
                    />
                  </Form.Item>
                }
              >
                {loan ? (
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item
                        name="downPayment"
                        label={t("sales.field.downPayment")}
                        rules={[{ required: true }]}
                      >
                        <YuanInput data-testid="quote-down" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={8}>
                      <Form.Item name="months" label={t("sales.field.months")} rules={[{ required: true }]}>
                        <Select
                          options={LOAN_MONTHS.map((n) => ({ value: n, label: t("sales.monthsN", { n }) }))}
                          data-testid="quote-months"
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={8}>
                      <Form.Item
                        name="rate"
                        label={t("sales.field.rate")}
                        rules={[
                          { required: true },
                          {
                            validator: (_, v: number | null) =>
                              v === null || v === undefined || rateThousandths(v) !== null
                                ? Promise.resolve()
                                : Promise.reject(new Error(t("sales.field.rate"))),
                          },
                        ]}
                      >
                        <InputNumber<number>
                          min={0}
                          max={36}
                          step={0.05}
                          style={{ width: "100%" }}
                          suffix="%"
                          data-testid="quote-rate"
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                ) : (
                  <Typography.Text type="secondary">{t("payment.cash")}</Typography.Text>
                )}
              </Card>

              <Card title={t("sales.quote.validity")} size="small">
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name="validUntil"
                      label={t("sales.field.validUntil")}
                      rules={[{ required: true }]}
                    >
                      <DatePicker
                        style={{ width: "100%" }}
                        allowClear={false}
                        disabledDate={(d) => d.isBefore(today) || d.isAfter(today.add(365, "day"))}
                        data-testid="quote-valid-until"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item name="note" label={t("sales.field.note")}>
                      <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
              {create.isError && <ErrorAlert error={create.error} testId="quote-error" />}
            </Flex>
          </Col>
          <Col xs={24} lg={9}>
            <Summary form={form} saving={create.isPending} />
          </Col>
        </Row>
      </Form>
    </Flex>
  );
}
