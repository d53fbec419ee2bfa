// The delivery checklist (交车检查): the PDI and the six documents ticked one by one, the plate when it is known.
// The button stays disabled until every box is ticked; the server checks again and says what is missing.
import { App, Button, Checkbox, Flex, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client";
import { DOCUMENTS, type DocumentKey, type Order, useDeliverOrder } from "../../api/sales";
import { useLocale } from "../../app/LocaleProvider";
import { ErrorAlert } from "../../shared/ErrorAlert";

type Ticks = Record<DocumentKey | "pdiDone", boolean>;
const NONE = Object.fromEntries(["pdiDone", ...DOCUMENTS].map((k) => [k, false])) as Ticks;

export function DeliveryChecklist({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { language } = useLocale();
  const deliver = useDeliverOrder(order.id);
  const [ticks, setTicks] = useState<Ticks>(NONE);
  const [plate, setPlate] = useState("");
  const complete = Object.values(ticks).every(Boolean);
  const tick = (key: keyof Ticks, checked: boolean) => setTicks((v) => ({ ...v, [key]: checked }));

  const label = (path: string) =>
    path === "pdiDone" ? t("sales.detail.pdi") : t(`sales.document.${path.replace("documents.", "")}`);
  const missing =
    isApiError(deliver.error, "checklist_incomplete") &&
    Array.isArray((deliver.error.details as { missing?: unknown })?.missing)
      ? new Intl.ListFormat(language).format(
          (deliver.error.details as { missing: string[] }).missing.map(label),
        )
      : null;

  const submit = () => {
    const { pdiDone, ...documents } = ticks;
    deliver.mutate(
      { pdiDone, documents, ...(plate.trim() ? { plate: plate.trim() } : {}) },
      { onSuccess: () => message.success(t("sales.detail.delivered")) },
    );
  };

  return (
    <Flex vertical gap={12} data-testid="delivery-checklist">
      <Typography.Text type="secondary">{t("sales.detail.checklistHint")}</Typography.Text>
      <Checkbox
        checked={ticks.pdiDone}
        onChange={(e) => tick("pdiDone", e.target.checked)}
        data-testid="check-pdiDone"
      >
        {t("sales.detail.pdi")}
      </Checkbox>
      <Typography.Text strong>{t("sales.detail.documents")}</Typography.Text>
      <Flex wrap gap={8} style={{ paddingLeft: 8 }}>
        {DOCUMENTS.map((d) => (
          <Checkbox
            key={d}
            checked={ticks[d]}
            onChange={(e) => tick(d, e.target.checked)}
            style={{ width: 180 }}
            data-testid={`check-${d}`}
          >
            {t(`sales.document.${d}`)}
          </Checkbox>
        ))}
      </Flex>
      <Form.Item label={t("sales.field.plate")} style={{ marginBottom: 0, maxWidth: 320 }}>
        <Input
          value={plate}
          onChange={(e) => setPlate(e.target.value)}
          maxLength={12}
          placeholder="粤B12345"
          data-testid="delivery-plate"
        />
      </Form.Item>
      {deliver.isError && <ErrorAlert error={deliver.error} testId="delivery-error" />}
      {missing && (
        <Typography.Text type="danger">{t("sales.detail.missing", { items: missing })}</Typography.Text>
      )}
      <Button
        type="primary"
        disabled={!complete}
        loading={deliver.isPending}
        onClick={submit}
        style={{ alignSelf: "flex-start" }}
        data-testid="deliver-button"
      >
        {t("sales.detail.deliver")}
      </Button>
    </Flex>
  );
}
