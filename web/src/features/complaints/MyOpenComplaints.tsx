import { Card, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Complaint, useComplaints } from "../../api/complaints";
import { DeadlineCell, SeverityTag } from "./ComplaintBits";

/**
 * The complaints the user owns and has not resolved, the nearest deadline first: on customer service's work
 * list, so that callbacks, reminders and complaints are one day's work (the complaints page has the rest).
 */
export function MyOpenComplaints() {
  const { t } = useTranslation();
  const mine = useComplaints({ mine: true, open: true }, 1, 10);
  return (
    <Card
      size="small"
      title={t("complaints.myOpen")}
      extra={
        mine.data && mine.data.total > 10 ? (
          <Link to="/complaints">{t("complaints.allOfMine", { count: mine.data.total })}</Link>
        ) : undefined
      }
      data-testid="care-my-complaints"
    >
      <Table<Complaint>
        size="small"
        rowKey="id"
        pagination={false}
        loading={mine.isFetching && !mine.data}
        dataSource={mine.data?.items ?? []}
        locale={{ emptyText: t("complaints.empty.mine") }}
        columns={[
          {
            title: t("complaints.field.customer"),
            render: (_: unknown, c: Complaint) => <Link to={`/complaints/${c.id}`}>{c.customerName}</Link>,
          },
          {
            title: t("complaints.field.category"),
            dataIndex: "category",
            render: (v: Complaint["category"]) => t(`complaints.category.${v}`),
          },
          {
            title: t("complaints.field.severity"),
            dataIndex: "severity",
            render: (v: Complaint["severity"]) => <SeverityTag severity={v} />,
          },
          {
            title: t("complaints.field.description"),
            dataIndex: "description",
            ellipsis: true,
            render: (v: string) => <Typography.Text>{v}</Typography.Text>,
          },
          {
            title: t("complaints.field.deadlineAt"),
            render: (_: unknown, c: Complaint) => <DeadlineCell complaint={c} />,
          },
        ]}
      />
    </Card>
  );
}
