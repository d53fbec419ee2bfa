import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import type { BoardConsultant } from "../../api/types";

// Only the parts drawn here: the full ECharts build would be most of the bundle.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

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
            itemStyle: { color: "#cf1322" },
          },
          {
            name: labels.escalated,
            type: "bar",
            data: consultants.map((c) => c.escalated),
            itemStyle: { color: "#c41d7f" },
          },
        ],
      },
      true,
    );
  }, [consultants, labels]);

  return <div ref={ref} style={{ height: 240, width: "100%" }} data-testid="board-overdue-chart" />;
}
