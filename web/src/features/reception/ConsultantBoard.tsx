import { Alert, Badge, Card, Col, Empty, Flex, Row, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { ConsultantStatus, ReceptionBoard } from "../../api/traffic";

/** Free is what reception looks for first: green; busy warm; paused greyed out. */
const STATUS_COLOURS: Record<ConsultantStatus, string> = {
  free: "#52c41a",
  with_customer: "#fa8c16",
  paused: "#bfbfbf",
};

function ConsultantCard({
  consultant,
  next,
}: {
  consultant: ReceptionBoard["consultants"][number];
  next: boolean;
}) {
  const { t } = useTranslation();
  const colour = STATUS_COLOURS[consultant.status];
  return (
    <Card
      size="small"
      data-testid={`reception-consultant-${consultant.userId}`}
      data-status={consultant.status}
      style={{
        borderLeft: `4px solid ${colour}`,
        opacity: consultant.status === "paused" ? 0.7 : 1,
        boxShadow: next ? `0 0 0 2px ${STATUS_COLOURS.free}` : undefined,
      }}
    >
      <Flex vertical gap={4}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong ellipsis>
            {consultant.displayName}
          </Typography.Text>
          {next && (
            <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="reception-next-tag">
              {t("reception.nextInTurnTag")}
            </Tag>
          )}
        </Flex>
        <Badge
          color={colour}
          text={
            <span data-testid={`reception-status-${consultant.userId}`}>
              {t(`reception.status.${consultant.status}`)}
            </span>
          }
        />
        <Typography.Text type="secondary">
          {consultant.since
            ? t("reception.since", { time: dayjs(consultant.since).format("HH:mm") })
            : "\u00a0"}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t("reception.visitsToday", { count: consultant.visitsToday })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

/** Who can take the next customer: one card per consultant, whose turn it is, and a loud "nobody is free". */
export function ConsultantBoard({ board }: { board: ReceptionBoard }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12}>
      {board.noFreeConsultant && (
        <Alert
          type="warning"
          showIcon
          title={t("reception.noFreeTitle")}
          description={t("reception.noFreeHint")}
          data-testid="reception-no-free"
        />
      )}
      <Typography.Text data-testid="reception-next">
        {t("common.labelled", { label: t("reception.nextInTurn") })}
        <Typography.Text strong>
          {board.nextInTurn?.displayName ?? t("reception.nobodyInTurn")}
        </Typography.Text>
      </Typography.Text>
      {board.consultants.length === 0 ? (
        <Empty description={t("reception.noConsultants")} />
      ) : (
        <Row gutter={[12, 12]}>
          {board.consultants.map((c) => (
            <Col key={c.userId} xs={12} sm={8} md={6} xl={4}>
              <ConsultantCard consultant={c} next={c.userId === board.nextInTurn?.userId} />
            </Col>
          ))}
        </Row>
      )}
    </Flex>
  );
}
