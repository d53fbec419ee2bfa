// Small pieces the repair order screens share: the work type, state and payer tags, the return-repair badge.
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Payer, RoState, WorkType } from "../../api/service";

const WORK_TYPE_COLOURS: Record<WorkType, string> = {
  maintenance: "green",
  mechanical: "blue",
  body: "orange",
  paint: "magenta",
  warranty: "purple",
  insurance: "gold",
};

export function WorkTypeTag({ workType }: { workType: WorkType }) {
  const { t } = useTranslation();
  return <Tag color={WORK_TYPE_COLOURS[workType]}>{t(`service.workType.${workType}`)}</Tag>;
}

const STATE_COLOURS: Record<RoState, string> = {
  open: "blue",
  in_progress: "orange",
  done: "green",
  settled: "purple",
  handed_back: "default",
};

export function RoStateTag({ state }: { state: RoState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid={`ro-state-${state}`}>
      {t(`service.ro.state.${state}`)}
    </Tag>
  );
}

export function ReturnRepairTag() {
  const { t } = useTranslation();
  return (
    <Tag color="red" data-testid="ro-return-repair">
      {t("service.ro.returnRepair")}
    </Tag>
  );
}

export function PayerTag({ payer }: { payer: Payer }) {
  const { t } = useTranslation();
  return (
    <Tag color={payer === "customer" ? "default" : payer === "insurer" ? "gold" : "purple"}>
      {t(`service.ro.payer.${payer}`)}
    </Tag>
  );
}
