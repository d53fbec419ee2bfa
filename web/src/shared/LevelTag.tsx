import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Level } from "../api/types";

// Warm colours for the hottest levels so that a glance at a list finds the customers closest to buying.
const LEVEL_COLOURS: Record<Level, string> = {
  H: "red",
  A: "orange",
  B: "gold",
  C: "blue",
  N: "default",
  O: "green",
  D: "cyan",
  T: "gray",
};

export function LevelTag({ level }: { level: Level }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLOURS[level]} title={t(`levelMeaning.${level}`)} data-testid={`level-${level}`}>
      {level}
    </Tag>
  );
}
