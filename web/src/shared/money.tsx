// Money on screen: an amount typed in yuan, and fen shown to the fen in the chosen language's digits.
import { InputNumber, type InputNumberProps } from "antd";
import { useLocale } from "../app/LocaleProvider";
import { formatMoney } from "./format";

/** 1亿元, the server's cap on every amount: the input refuses more before the server has to. */
const MAX_YUAN = 100_000_000;

/** An amount in yuan with fen precision; the form converts it with toFen when it is sent. */
export function YuanInput(props: InputNumberProps<number>) {
  return (
    <InputNumber<number>
      min={0}
      max={MAX_YUAN}
      precision={2}
      step={100}
      style={{ width: "100%" }}
      prefix="¥"
      {...props}
    />
  );
}

/** Money as the papers show it: to the fen, in the chosen language's digits. */
export function useMoney(): (fen: number | null | undefined) => string {
  const { language } = useLocale();
  return (fen) => formatMoney(fen, language);
}
