import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, InputNumber, Modal, Typography } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { type PlanLine, type PlanWarning, usePurchaseCheck } from "../../api/stock";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { optionalText } from "../../shared/format";
import { testId } from "../../shared/testId";
import { ModelAutoComplete } from "./ModelAutoComplete";

interface Values {
  lines: { model: string; colour: string; optionPackage?: string; quantity: number }[];
}

/** Our own sentence for a warning, from its numbers, so that it follows the language switch. */
function warningText(w: PlanWarning, t: TFunction): string {
  const list = (items: string[]) => (items.length ? items.join(t("stock.check.sep")) : t("stock.check.none"));
  if (w.code === "colour_quota") {
    const d = w.details;
    return t("stock.check.colourQuota", {
      model: w.model,
      stockCount: d.stockColours.length,
      stockColours: list(d.stockColours),
      newCount: d.newColours.length,
      newColours: list(d.newColours),
      total: d.colourCount,
      quota: d.quota,
      source: t(d.quotaSource === "model" ? "stock.check.quotaModel" : "stock.check.quotaStore"),
    });
  }
  const parts = w.details.packages.map((p) =>
    t("stock.check.optionPart", {
      pkg:
        p.optionPackage === null
          ? t("stock.check.noPackage")
          : t("stock.check.withPackage", { name: p.optionPackage }),
      count: p.stock + p.planned,
      stock: p.stock,
      planned: p.planned,
    }),
  );
  return t("stock.check.optionRule", { model: w.model, parts: parts.join(t("stock.check.partSep")) });
}

/** 采购计划校验: a planned purchase against the colour quotas and option rules, before it is ordered. */
export function PurchaseCheckModal({
  open,
  onClose,
  storeId,
}: {
  open: boolean;
  onClose: () => void;
  storeId?: Id;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const check = usePurchaseCheck();

  const submit = (v: Values) => {
    const lines: PlanLine[] = v.lines.map((l) => ({
      model: l.model.trim(),
      colour: l.colour.trim(),
      optionPackage: optionalText(l.optionPackage),
      quantity: l.quantity,
    }));
    check.mutate({ lines, storeId });
  };
  const close = () => {
    check.reset();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t("stock.check.title")}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={close}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="run"
          type="primary"
          loading={check.isPending}
          onClick={() => form.submit()}
          {...testId("stock-check-run")}
        >
          {t("stock.check.run")}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t("stock.check.hint")}</Typography.Paragraph>
      <Form<Values>
        form={form}
        onFinish={submit}
        onValuesChange={() => check.reset()}
        initialValues={{ lines: [{ model: "", colour: "", quantity: 1 }] }}
      >
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item
                    name={[field.name, "model"]}
                    rules={[{ required: true, whitespace: true, max: 100 }]}
                    style={{ flex: 3 }}
                  >
                    <ModelAutoComplete
                      storeId={storeId}
                      enabled={open}
                      placeholder={t("stock.field.model")}
                      data-testid={`stock-check-model-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "colour"]}
                    rules={[{ required: true, whitespace: true, max: 30 }]}
                    style={{ flex: 2 }}
                  >
                    <Input
                      placeholder={t("stock.field.colour")}
                      maxLength={30}
                      data-testid={`stock-check-colour-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, "optionPackage"]} rules={[{ max: 100 }]} style={{ flex: 2 }}>
                    <Input
                      placeholder={t("stock.field.optionPackage")}
                      maxLength={100}
                      data-testid={`stock-check-option-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "quantity"]}
                    rules={[{ required: true }]}
                    style={{ width: 110 }}
                  >
                    <InputNumber
                      min={1}
                      max={999}
                      precision={0}
                      prefix={t("stock.check.quantity")}
                      style={{ width: "100%" }}
                      data-testid={`stock-check-quantity-${i}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    disabled={fields.length === 1}
                    onClick={() => remove(field.name)}
                    aria-label="remove"
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= 100}
                onClick={() => add({ model: "", colour: "", quantity: 1 })}
                data-testid="stock-check-add"
              >
                {t("stock.check.addLine")}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
      <Flex vertical gap={8} style={{ marginTop: 16 }} data-testid="stock-check-result">
        {check.isError && <ErrorAlert error={check.error} />}
        {check.data?.ok && (
          <Alert type="success" showIcon title={t("stock.check.ok")} data-testid="stock-check-ok" />
        )}
        {check.data && !check.data.ok && (
          <>
            <Typography.Text strong>
              {t("stock.check.warningTitle", { count: check.data.warnings.length })}
            </Typography.Text>
            {check.data.warnings.map((w) => (
              <Alert
                key={`${w.code}-${w.model}`}
                type="warning"
                showIcon
                title={warningText(w, t)}
                data-testid={`stock-check-warning-${w.code}`}
              />
            ))}
          </>
        )}
      </Flex>
    </Modal>
  );
}
