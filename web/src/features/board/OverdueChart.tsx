import { Flex, Typography } from "antd";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import type { BoardConsultant } from "../../api/types";

// Only the parts drawn here: the full ECharts build would be most of the bundle.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const OVERDUE_COLOUR = "#cf1322";
const ESCALATED_COLOUR = "#c41d7f";

// Two bar colours mean nothing without saying which is which. Drawn here rather than with ECharts' legend
// component, which would push the chart chunk over the bundle size budget for two labels.
function Legend({ items }: { items: { colour: string; label: string }[] }) {
  return (
    <Flex gap={16} justify="center" data-testid="board-overdue-legend">
      {items.map((item) => (
        <Flex key={item.label} gap={6} align="center">
          <span style={{ width: 12, height: 12, borderRadius: 2, background: item.colour }} />
          <Typography.Text type="secondary">{item.label}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

interface Props {
  consultants: BoardConsultant[];
  labels: { overdue: string; escalated: string };
}

export default function OverdueChart({ consultants, labels }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.getInstanceByDom(ref.current);
    chart?.setOption(
      {
        tooltip: { trigger: "axis" },
        grid: { left: 40, right: 16, top: 16, bottom: 32 },
        xAxis: { type: "category", data: consultants.map((c) => c.displayName) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          {
            name: labels.overdue,
            type: "bar",
            data: consultants.map((c) => c.overdue),
            itemStyle: { color: OVERDUE_COLOUR },
          },
          {
            name: labels.escalated,
            type: "bar",
            data: consultants.map((c) => c.escalated),
            itemStyle: { color: ESCALATED_COLOUR },
          },
        ],
      },
      true,
    );
  }, [consultants, labels]);

  return (
    <Flex vertical gap={4}>
      <Legend
        items={[
          { colour: OVERDUE_COLOUR, label: labels.overdue },
          { colour: ESCALATED_COLOUR, label: labels.escalated },
        ]}
      />
      <div ref={ref} style={{ height: 220, width: "100%" }} data-testid="board-overdue-chart" />
    </Flex>
  );
}
