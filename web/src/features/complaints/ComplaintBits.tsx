import { Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Complaint, ComplaintSeverity, ComplaintState } from "../../api/complaints";
import { formatInstant } from "../../shared/format";

const SEVERITY_COLOR: Record<ComplaintSeverity, string> = { low: "default", medium: "orange", high: "red" };
const STATE_COLOR: Record<ComplaintState, string> = {
  received: "blue",
  handling: "processing",
  resolved: "green",
  confirmed: "default",
};

export function SeverityTag({ severity }: { severity: ComplaintSeverity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLOR[severity]}>{t(`complaints.severity.${severity}`)}</Tag>;
}

export function StateTag({ state }: { state: ComplaintState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="complaint-state">
      {t(`complaints.state.${state}`)}
    </Tag>
  );
}

/** "2 d 3 h" or "5 h 20 min" between now and the deadline. */
function useSpan() {
  const { t } = useTranslation();
  return (ms: number) => {
    const minutes = Math.floor(Math.abs(ms) / 60_000);
    const h = Math.floor(minutes / 60);
    return h >= 24
      ? t("complaints.countdown.days", { d: Math.floor(h / 24), h: h % 24 })
      : t("complaints.countdown.hours", { h, m: minutes % 60 });
  };
}

/**
 * The deadline with the time left (or how long it is over, in red) while the complaint is open; a closed one
 * shows the deadline only. The server's `overdue` decides the colour, so the list agrees with the gm's tab.
 */
export function DeadlineCell({ complaint, stacked }: { complaint: Complaint; stacked?: boolean }) {
  const { t } = useTranslation();
  const span = useSpan();
  const open = complaint.state === "received" || complaint.state === "handling";
  const left = Date.parse(complaint.deadlineAt) - Date.now();
  return (
    <Space size={4} wrap orientation={stacked ? "vertical" : "horizontal"}>
      <Typography.Text type={complaint.overdue ? "danger" : undefined} className="nowrap">
        {formatInstant(complaint.deadlineAt)}
      </Typography.Text>
      {open &&
        (complaint.overdue ? (
          <Tag color="error" data-testid="complaint-overdue">
            {t("complaints.countdown.over", { time: span(left) })}
          </Tag>
        ) : (
          <Typography.Text type="secondary" className="nowrap" style={{ fontSize: 12 }}>
            {t("complaints.countdown.left", { time: span(left) })}
          </Typography.Text>
        ))}
      {complaint.escalated && <Tag color="magenta">{t("complaints.badge.escalated")}</Tag>}
    </Space>
  );
}
