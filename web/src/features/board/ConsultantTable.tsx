import { App, Switch, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { BoardConsultant, Id } from "../../api/types";
import { useUpdateUser } from "../../api/users";
import { useCan } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { testId } from "../../shared/testId";

function count(n: number, danger = false) {
  return <Typography.Text type={danger && n > 0 ? "danger" : undefined}>{n}</Typography.Text>;
}

export function ConsultantTable({ consultants }: { consultants: BoardConsultant[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const errorText = useErrorText();
  const update = useUpdateUser();
  const leadsOf = (userId: Id, extra = "") => `/leads?ownerId=${userId}${extra}`;

  const setPaused = (c: BoardConsultant, paused: boolean) =>
    update.mutate(
      { id: c.userId, patch: { paused } },
      {
        onSuccess: () =>
          message.success(t(paused ? "board.pausedDone" : "board.resumedDone", { name: c.displayName })),
        onError: (error) => message.error(errorText(error)),
      },
    );

  return (
    <Table<BoardConsultant>
      size="small"
      rowKey="userId"
      pagination={false}
      dataSource={consultants}
      onRow={(c) => testId(`board-consultant-${c.userId}`)}
      columns={[
        { title: t("board.consultant"), dataIndex: "displayName" },
        {
          title: t("board.open"),
          dataIndex: "open",
          render: (n: number, c) => <Link to={leadsOf(c.userId, "&state=active")}>{n}</Link>,
        },
        { title: t("board.dueToday"), dataIndex: "dueToday", render: (n: number) => count(n) },
        {
          title: t("board.overdue"),
          dataIndex: "overdue",
          render: (n: number, c) => <Link to={leadsOf(c.userId, "&overdue=true")}>{count(n, true)}</Link>,
        },
        {
          title: t("board.stale"),
          dataIndex: "stale",
          render: (n: number, c) => <Link to={leadsOf(c.userId, "&stale=true")}>{count(n)}</Link>,
        },
        { title: t("board.escalated"), dataIndex: "escalated", render: (n: number) => count(n, true) },
        {
          // Paused consultants receive no round-robin leads (holiday, training) but keep their own.
          title: t("board.paused"),
          dataIndex: "paused",
          render: (paused: boolean, c) => (
            <Switch
              size="small"
              checked={paused}
              disabled={!can("user.pause")}
              loading={update.isPending && update.variables?.id === c.userId}
              onChange={(next) => setPaused(c, next)}
              data-testid={`board-paused-${c.userId}`}
            />
          ),
        },
      ]}
    />
  );
}
