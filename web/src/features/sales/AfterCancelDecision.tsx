// The manager's decision on a lead whose order was cancelled (T): re-grade it (C/B/A/H) or close it.
import { App, Button, Popconfirm, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAfterCancel } from "../../api/sales";
import { GRADABLE_LEVELS, type GradableLevel, type Id } from "../../api/types";
import { useErrorText } from "../../shared/errors";

export function AfterCancelDecision({ leadId }: { leadId: Id }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const decide = useAfterCancel(leadId);
  const [level, setLevel] = useState<GradableLevel>();
  const onError = (error: unknown) => message.error(errorText(error));
  return (
    <Space.Compact data-testid="after-cancel">
      <Select<GradableLevel>
        value={level}
        onChange={setLevel}
        placeholder={t("sales.afterCancel.regrade")}
        style={{ width: 130 }}
        options={GRADABLE_LEVELS.map((l) => ({ value: l, label: `${l} · ${t(`levelName.${l}`)}` }))}
        data-testid="after-cancel-level"
      />
      <Button
        type="primary"
        disabled={!level}
        loading={decide.isPending && decide.variables?.action === "regrade"}
        onClick={() =>
          level &&
          decide.mutate(
            { action: "regrade", level },
            { onSuccess: () => message.success(t("sales.afterCancel.regraded", { level })), onError },
          )
        }
        data-testid="after-cancel-regrade"
      >
        {t("sales.afterCancel.regrade")}
      </Button>
      <Popconfirm
        title={t("sales.afterCancel.closeConfirm")}
        onConfirm={() =>
          decide.mutate(
            { action: "close" },
            { onSuccess: () => message.success(t("sales.afterCancel.closed")), onError },
          )
        }
      >
        <Button
          danger
          loading={decide.isPending && decide.variables?.action === "close"}
          data-testid="after-cancel-close"
        >
          {t("sales.afterCancel.close")}
        </Button>
      </Popconfirm>
    </Space.Compact>
  );
}
