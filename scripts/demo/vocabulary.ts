/** The demo's words: names, mobile prefixes, the model line-up, colours, focus points, online sites. */
// Surnames roughly in their real frequency order (the first ones are picked far more often).
export const SURNAMES = Array.from(
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
);
export const GIVEN = Array.from(
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红鹏辉建国文斌宇浩凯丹晨欣怡子涵梓轩婷雪琳俊峰宏志新海波亮飞燕佳琪思远",
);
export const MOBILE_PREFIXES =
  "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 180 181 182 183 185 186 187 188 189 199".split(
    " ",
  );

/** A one-brand store (a GAC-Toyota-like line-up): model, price range in 万元, typical competitors. */
export const MODELS: { name: string; weight: number; price: [number, number]; rivals: string[] }[] = [
  { name: "凯美瑞", weight: 22, price: [17.98, 26.98], rivals: ["本田雅阁", "日产天籁", "大众帕萨特"] },
  { name: "雷凌", weight: 16, price: [11.38, 15.98], rivals: ["本田思域", "大众朗逸", "比亚迪秦PLUS"] },
  { name: "汉兰达", weight: 12, price: [26.98, 34.88], rivals: ["大众揽境", "理想L8", "本田冠道"] },
  { name: "威兰达", weight: 14, price: [17.58, 26.18], rivals: ["本田CR-V", "大众途观L", "比亚迪宋PLUS"] },
  { name: "锋兰达", weight: 12, price: [11.98, 15.98], rivals: ["本田缤智", "大众T-ROC探歌", "吉利星越L"] },
  { name: "赛那", weight: 7, price: [30.98, 40.98], rivals: ["本田奥德赛", "别克GL8", "腾势D9"] },
  { name: "bZ4X", weight: 5, price: [17.38, 22.98], rivals: ["特斯拉Model Y", "比亚迪元PLUS", "小鹏G6"] },
  { name: "铂智3X", weight: 6, price: [10.98, 15.98], rivals: ["比亚迪元PLUS", "埃安Y", "零跑C10"] },
  { name: "致炫", weight: 6, price: [7.28, 9.98], rivals: ["本田飞度", "大众Polo", "比亚迪海豚"] },
];
export const MODEL_WEIGHTS = Object.fromEntries(MODELS.map((m) => [m.name, m.weight]));
export const MODEL_BY_NAME = new Map(MODELS.map((m) => [m.name, m]));
export const COLOURS = ["珍珠白", "铂金白", "墨晶黑", "冰晶银", "钛金灰", "烈焰红", "天际蓝"];
export const FOCUS = [
  "油耗",
  "空间",
  "安全",
  "保值",
  "智能配置",
  "优惠力度",
  "舒适性",
  "动力",
  "售后服务",
  "外观",
];
export const ONLINE_SITES = ["汽车之家", "懂车帝", "易车", "厂家官网", "抖音直播"];
