// The workshop board (维修工单看板): every repair order not handed back, in a column per state, oldest first;
// today's intake and hand-backs; the "new repair order" drawer.
import { PlusOutlined } from "@ant-design/icons";
import { Badge, Button, Card, Col, Empty, Flex, Row, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { BOARD_STATES, type BoardCard, type BoardState, useRoBoard } from "../../api/service";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { ReturnRepairTag, WorkTypeTag } from "./RoBits";
import { RoDrawer } from "./RoDrawer";

const COLUMN_COLOURS: Record<BoardState, string> = {
  open: "#1677ff",
  in_progress: "#fa8c16",
  done: "#52c41a",
  settled: "#722ed1",
};

function RoCard({ card }: { card: BoardCard }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      hoverable
      onClick={() => navigate(`/repair-orders/${card.id}`)}
      data-testid={`ro-card-${card.roNo}`}
      styles={{ body: { padding: 10 } }}
    >
      <Flex justify="space-between" align="baseline" gap={8}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {card.plate ?? card.roNo}
        </Typography.Text>
        <Typography.Text type={card.hoursOpen >= 24 ? "danger" : "secondary"}>
          {t("service.ro.age", { n: card.hoursOpen })}
        </Typography.Text>
      </Flex>
      <div>
        <Typography.Text>{card.model}</Typography.Text>
        <Typography.Text type="secondary">{` · ${card.customerName}`}</Typography.Text>
      </div>
      <Space size={4} wrap style={{ marginTop: 6 }}>
        <WorkTypeTag workType={card.workType} />
        {card.returnRepair && <ReturnRepairTag />}
      </Space>
      <Flex justify="space-between" style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {card.roNo}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[card.advisorName, card.technician].filter(Boolean).join(" / ")}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

export default function RepairOrderBoardPage() {
  const { t } = useTranslation();
  const can = useCan();
  const board = useRoBoard();
  const [creating, setCreating] = useState(false);
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size="large" align="baseline">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("service.ro.title")}
          </Typography.Title>
          {board.data && (
            <Typography.Text type="secondary" data-testid="ro-today">
              {t("service.ro.today", {
                opened: board.data.openedToday,
                handedBack: board.data.handedBackToday,
              })}
            </Typography.Text>
          )}
        </Space>
        {can("repairOrder.write") && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="ro-new"
          >
            {t("service.ro.new")}
          </Button>
        )}
      </Flex>
      {board.error && <ErrorAlert error={board.error} />}
      <Row gutter={12} wrap={false} style={{ overflowX: "auto" }}>
        {BOARD_STATES.map((state) => {
          const cards = board.data?.columns[state] ?? [];
          return (
            <Col key={state} flex="1 0 240px" data-testid={`ro-column-${state}`}>
              <Card
                size="small"
                loading={board.isPending}
                title={
                  <Space>
                    <Badge color={COLUMN_COLOURS[state]} />
                    {t(`service.ro.column.${state}`)}
                    <Tag>{cards.length}</Tag>
                  </Space>
                }
                styles={{ body: { background: "#fafafa", minHeight: 320, padding: 8 } }}
              >
                <Space direction="vertical" size={8} style={{ width: "100%" }}>
                  {cards.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("service.ro.empty")} />
                  ) : (
                    cards.map((c) => <RoCard key={c.id} card={c} />)
                  )}
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
      <RoDrawer open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
