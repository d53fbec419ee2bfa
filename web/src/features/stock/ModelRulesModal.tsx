import { App, Button, Flex, Input, InputNumber, Modal, Switch, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ModelRule, useModelRules, usePutModelRule } from "../../api/stock";
import type { Id } from "../../api/types";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";

type Draft = Pick<ModelRule, "colourQuota" | "optionAllOrNone">;

/** One model's rule as a row: edited in place, saved by its own button. */
function RuleRow({ rule, storeId, editable }: { rule: ModelRule; storeId?: Id; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const put = usePutModelRule();
  const [draft, setDraft] = useState<Draft>(rule);
  useEffect(() => setDraft(rule), [rule]);
  const changed = draft.colourQuota !== rule.colourQuota || draft.optionAllOrNone !== rule.optionAllOrNone;
  return (
    <Flex gap={12} align="center">
      <InputNumber
        min={1}
        max={50}
        precision={0}
        value={draft.colourQuota}
        disabled={!editable}
        onChange={(v) => v !== null && setDraft({ ...draft, colourQuota: v })}
        style={{ width: 80 }}
        data-testid={`rule-quota-${rule.model}`}
      />
      <Switch
        checked={draft.optionAllOrNone}
        disabled={!editable}
        onChange={(v) => setDraft({ ...draft, optionAllOrNone: v })}
        data-testid={`rule-option-${rule.model}`}
      />
      {editable && (
        <Button
          size="small"
          type={changed ? "primary" : "default"}
          disabled={!changed && rule.custom}
          loading={put.isPending}
          onClick={() =>
            put.mutate(
              { model: rule.model, rule: draft, storeId },
              {
                onSuccess: () => message.success(t("stock.rules.saved", { model: rule.model })),
                onError: (error) => message.error(errorText(error)),
              },
            )
          }
          data-testid={`rule-save-${rule.model}`}
        >
          {t("common.save")}
        </Button>
      )}
    </Flex>
  );
}

/** 车型规则: each model's colour quota and option rule; the managers edit them, everyone may read them. */
export function ModelRulesModal({
  open,
  onClose,
  storeId,
}: {
  open: boolean;
  onClose: () => void;
  storeId?: Id;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const editable = can("stock.write");
  const rules = useModelRules(storeId, open);
  const [newModel, setNewModel] = useState("");
  const defaultQuota = rules.data?.defaultColourQuota ?? 3;
  const items = rules.data?.items ?? [];
  const known = items.some((r) => r.model === newModel.trim());
  const rows: ModelRule[] =
    newModel.trim() && !known
      ? [
          ...items,
          { model: newModel.trim(), colourQuota: defaultQuota, optionAllOrNone: false, custom: false },
        ]
      : items;

  return (
    <Modal
      open={open}
      title={t("stock.rules.title")}
      onCancel={onClose}
      footer={null}
      width={720}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("stock.rules.hint")}
        </Typography.Paragraph>
        <Typography.Text>{t("stock.rules.defaultQuota", { count: defaultQuota })}</Typography.Text>
        {rules.isError && <ErrorAlert error={rules.error} />}
        <Table<ModelRule>
          size="small"
          rowKey="model"
          loading={rules.isPending}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t("stock.rules.empty") }}
          columns={[
            { title: t("stock.field.model"), dataIndex: "model" },
            {
              title: t("stock.rules.source"),
              dataIndex: "custom",
              width: 110,
              render: (custom: boolean) =>
                custom ? (
                  <Tag color="blue">{t("stock.rules.custom")}</Tag>
                ) : (
                  <Tag>{t("stock.rules.default")}</Tag>
                ),
            },
            {
              title: `${t("stock.rules.quota")} / ${t("stock.rules.optionAllOrNone")}`,
              key: "rule",
              width: 300,
              render: (_: unknown, rule) => <RuleRow rule={rule} storeId={storeId} editable={editable} />,
            },
          ]}
        />
        {editable && (
          <Input
            allowClear
            maxLength={100}
            placeholder={t("stock.rules.add")}
            value={newModel}
            onChange={(e) => setNewModel(e.target.value)}
            style={{ maxWidth: 320 }}
            data-testid="rule-new-model"
          />
        )}
      </Flex>
    </Modal>
  );
}
