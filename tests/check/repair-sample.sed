# Repairs the real mistakes `disclose check` finds in
# samples/changji-gxq-2025.txt, so that the copy is a correct document:
#   sed -f repair-sample.sed changji-gxq-2025.txt > repaired.txt
# Every edit was checked by hand against the other tables and the text;
# addresses are line numbers of the original sample.
# 表2: 212's 一般公共预算 is the sum of its 款 (213 + 27541); 216's 小计 is
# 1228 and its 上级转移支付 1000 (216 06 is funded by the transfer).
1290s/^\t.*$/\t27754/
1595s/^\t.*$/\t1228/
1597s/^\t.*$/\t1000/
# 表2: 229 99 99 has no 款 row 229 99; add it.
2081a\
\
	229\
	99\
	\
	其他支出\
	123\
	123\
	123\
	\
	\
	\
	\
	\
	\
	\
	\
	
# 表3: 201 合计 is 3192 (2525 + 667 in the source, 表1, 表2, 表4);
# 230 合计 is 3630; 2085 is 208.
2473s/^\t.*$/\t3192/
3361s/^\t.*$/\t3630/
2813s/^\t.*$/\t208/
4189s/^\t.*$/\t208/
# 表3: 基本/项目 per row as 表5 (+ 表8, 表9) give them; 表3 had split
# basic and project spending otherwise than 表5, 表6 and 表7.
2474s/^\t.*$/\t2846/
2475s/^\t.*$/\t346/
2538s/^\t.*$/\t3/
2539s/^\t.*$/\t/
2546s/^\t.*$/\t3/
2547s/^\t.*$/\t/
2554s/^\t.*$/\t321/
2555s/^\t.*$/\t/
2570s/^\t.*$/\t19/
2571s/^\t.*$/\t/
2578s/^\t.*$/\t15/
2579s/^\t.*$/\t/
2594s/^\t.*$/\t110/
2595s/^\t.*$/\t/
2602s/^\t.*$/\t297/
2603s/^\t.*$/\t/
2618s/^\t.*$/\t167/
2619s/^\t.*$/\t/
2658s/^\t.*$/\t144/
2659s/^\t.*$/\t/
2674s/^\t.*$/\t7/
2675s/^\t.*$/\t/
2754s/^\t.*$/\t2/
2755s/^\t.*$/\t5002/
2762s/^\t.*$/\t2/
2763s/^\t.*$/\t5000/
2770s/^\t.*$/\t2/
2771s/^\t.*$/\t5000/
2890s/^\t.*$/\t234/
2891s/^\t.*$/\t606/
2922s/^\t.*$/\t130/
2923s/^\t.*$/\t/
2930s/^\t.*$/\t130/
2931s/^\t.*$/\t/
2970s/^\t.*$/\t348/
2978s/^\t.*$/\t213/
2979s/^\t.*$/\t/
3002s/^\t.*$/\t8/
3003s/^\t.*$/\t/
3010s/^\t.*$/\t135/
3011s/^\t.*$/\t27406/
3018s/^\t.*$/\t135/
3019s/^\t.*$/\t27406/
3154s/^\t.*$/\t279/
3155s/^\t.*$/\t/
3162s/^\t.*$/\t279/
3163s/^\t.*$/\t/
3170s/^\t.*$/\t22/
3171s/^\t.*$/\t/
3178s/^\t.*$/\t20/
3179s/^\t.*$/\t/
3242s/^\t.*$/\t834/
3243s/^\t.*$/\t901/
3250s/^\t.*$/\t339/
3266s/^\t.*$/\t203/
3267s/^\t.*$/\t901/
3274s/^\t.*$/\t2/
3275s/^\t.*$/\t/
3290s/^\t.*$/\t495/
3291s/^\t.*$/\t/
3298s/^\t.*$/\t187/
3299s/^\t.*$/\t/
3322s/^\t.*$/\t112/
3323s/^\t.*$/\t26011/
3346s/^\t.*$/\t112/
3347s/^\t.*$/\t11/
3354s/^\t.*$/\t112/
3355s/^\t.*$/\t11/
2971s/^\t.*$/\t35908/
3251s/^\t.*$/\t901/
# 表3 223: the code of 国有企业资本金注入 is 223 02 99 as in 表2 and 表9.
3222s/^\t.*$/\t02/
3230s/^\t.*$/\t02/
3231s/^\t.*$/\t99/
3232s/^\t.*$/\t其他国有企业资本金注入/
# 表3 合计 row after the per-row repairs: 基本 5182 (= 表5 = 表6), 项目 85229.
3514s/^\t.*$/\t5182/
3515s/^\t.*$/\t85229/
# 表5 224 01 项目支出 is 901 (1240 - 339; its 项 224 01 06, 表7).
4571s/^\t.*$/\t901/
# 表6 维修(护)费 and 培训费: 合计 as 公用经费 (73, 51; the 302 total 2026
# and the text agree).
4980s/^\t.*$/\t73/
4994s/^\t.*$/\t51/
# 表8: 232 债务付息支出 is 1422 (605 + 817, as 表2 and 表4), 233 债务发行费用
# 支出 40; the 817 付息 row was missing and 233 carried 857.
6218s/^\t.*$/\t债务付息支出/
6219s/^\t.*$/\t1422/
6222s/^\t.*$/\t1422/
6228s/^\t.*$/\t1422/
6231s/^\t.*$/\t1422/
6240a\
\
	232\
	04\
	98\
	其他地方自行试点项目收益专项债券付息支出\
	817\
	\
	\
	817
6245s/^\t.*$/\t债务发行费用支出/
6254s/^\t.*$/\t地方政府专项债务发行费用支出/
6263s/^\t.*$/\t其他地方自行试点项目收益专项债券发行费用支出/
6246s/^\t.*$/\t40/
6249s/^\t.*$/\t40/
6255s/^\t.*$/\t40/
6258s/^\t.*$/\t40/
6264s/^\t.*$/\t40/
6267s/^\t.*$/\t40/
# 第三部分: figures and rates recomputed from the amounts beside them.
6724s/占 56.89%/占 56.91%/
6732s/基本支出4040 万元，占4.47 %，比上年预算增加247万元，增长6.51 %/基本支出5182 万元，占5.73 %，比上年预算增加1390万元，增长36.66 %/
6733s/项目支出86371万元，占 95.53 %，比上年预算增加33284 万元，增长61.99 %/项目支出85229万元，占 94.27 %，比上年预算增加32142 万元，增长60.55 %/
6762s/（三）/（3）/
6763s/增加20.27%/增加20.35%/
6765s/增加8.88%/增加11.11%/
6774s/预算数为131万元，比上年预算数减少17万元，减少11.48 %/预算数为130万元，比上年预算数减少17万元，减少11.56 %/
6776s/减少206万元，增加100%/增加206万元，增加100%/
6778s/减少17.86%/减少17.96%/
6785s/预算数为2元/预算数为2万元/
6801s/减少100%/减少98.70%/
6806s/增长50%/增长100%/
6812s/下降65.51%/下降65.62%/
6816s/增加306万元，减少62.08%/减少306万元，减少62.07%/
6823s/2024年预算数/2025年预算数/
6825s/基本支出5186万元/基本支出5182万元/
6825s/人员经费3125万元/人员经费3156万元/
6825s/基本工资837万元/基本工资833万元/
6826s/公务用车运行维护费54元/公务用车运行维护费54万元/
6971s/增长42%/增长41%/
6972s/付息支出（项）857万元/付息支出（项）817万元/
6973s/2024年/2025年/
6977s/2024年/2025年/
7013s/（3）/（四）/
10191s/（4）/（五）/
# 政府采购: the reservation for 小微企业 (413) exceeds the one for 中小企业
# (380), which includes it; both lie under the 793 of the sentence before.
# The two figures are swapped: 中小企业 413, of which 小微企业 380.
7003s/金额 380万元，小微企业预留政府采购项目预算金额   413万元/金额 413万元，小微企业预留政府采购项目预算金额   380万元/
# 国有资产: 19 一般公务用车 + 0 执法执勤 + 19 其他车辆 make 38, not 28; their
# values (148 + 0 + 761) do make the stated 909.  Nothing else in the
# document counts the vehicles, so which count slipped cannot be told: the
# repair states the whole as the sum of its listed parts.
7007s/车辆28辆/车辆38辆/
# 表11: 合计 and 财政拨款小计 were left blank in every row although the
# 项目支出 column holds the money (empty-column); each is that amount.
6547s/^\t.*$/\t7/
6548s/^\t.*$/\t7/
6558s/^\t.*$/\t77/
6559s/^\t.*$/\t77/
6569s/^\t.*$/\t186/
6570s/^\t.*$/\t186/
6580s/^\t.*$/\t420/
6581s/^\t.*$/\t420/
6591s/^\t.*$/\t11/
6592s/^\t.*$/\t11/
6602s/^\t.*$/\t400/
6603s/^\t.*$/\t400/
6613s/^\t.*$/\t600/
6614s/^\t.*$/\t600/
6624s/^\t.*$/\t228/
6625s/^\t.*$/\t228/
6635s/^\t.*$/\t28/
6636s/^\t.*$/\t28/
6646s/^\t.*$/\t31/
6647s/^\t.*$/\t31/
6657s/^\t.*$/\t494/
6658s/^\t.*$/\t494/
6668s/^\t.*$/\t236/
6669s/^\t.*$/\t236/
6679s/^\t.*$/\t5000/
6680s/^\t.*$/\t5000/
6690s/^\t.*$/\t20000/
6691s/^\t.*$/\t20000/
6701s/^\t.*$/\t48/
6702s/^\t.*$/\t48/
6712s/^\t.*$/\t27766/
6713s/^\t.*$/\t27766/
# Part three 七: project 7 gives 206 where 表7 2110301 has 186; project 9
# gives 27541, 表2's figure for 212 03 with its basic spending, where 表7
# 2120399 has 27406; project 3 (企业党建工作经费, 2) is in no row of 表7
# and 表7's 201 (346 = 140 + 206) leaves no room for it: dropped, so the
# projects listed add up to 表7's 合计 47705 (text-project).
6842,6848d
6872s/206万元/186万元/
6886s/27541万元/27406万元/
# Their 资金分配情况 add up to the 规模 the text gave (186 + 20, and
# 27541): with the 规模 repaired, the 20 of 清洁能源替代 (in no row of 表7;
# 表7's 大气 row and the text's 大气 line give 186 alone) goes, and the 135
# that 27541 has over 27406 comes off 化解历年欠款 (which item held it the
# document does not say) (text-alloc).
6874s/、清洁能源替代项目资金20万元//
6888s/化解历年欠款5700万元/化解历年欠款5565万元/
# The editor's note closing the 名词解释 (leftover).
10203d
