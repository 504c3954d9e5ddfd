"""Roles: every kind of junk an editor would never keep is dropped, glued boilerplate is stripped from
the sentence it sits on, and the sentences themselves are left alone."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize import SummaryOptions, summarize
from summarize import roles
from summarize.roles import JUNK, WEAK, judge, judge_sentence
from summarize.select import Candidate, select
from tests.conftest import ROOT

# (kind, sentence): each must be junk.
JUNK_TABLE = [
    ("photo caption", "图为发布会现场。"),
    ("photo caption", "资料图：无性婚姻能走多远？"),
    ("photo caption", "现场图：救援人员正在搜救。"),
    ("photo caption", "新华社记者 才扬 摄"),
    ("photo caption", "美国《纽约时报》网站题为《中国启动黄金周》的报道截图。"),
    ("photo caption", "记者王磊图为:新建的跨江大桥已完成合龙摄影:记者李明建成后两岸通行时间将缩短至10分钟。"),
    ("byline alone", "（记者陈杰）"),
    ("byline alone", "京华时报记者胡笑红"),
    ("byline alone", "编辑:曹静"),
    ("dateline alone", "（王煌忠／台中報導）"),
    ("editor's note", "编者按：突如其来的疫情，是对国家治理体系和治理能力的一次大考。"),
    ("editor's note", "本报核心提示：全市将新建十座污水处理厂。"),
    ("editor's note", "核心阅读"),
    ("editor's note", "(原标题:婴儿病情未稳出院造成脑瘫)"),
    ("editor's note", "http://t.cn/A6xYzQ1http://t.cn/A6xYzQ2(原标题:外卖骑手雨夜跳河救起落水老人[赞])"),
    # A headline run into the note: the note is the opening, not a finding.
    ("editor's note", "老城改造再提速编者按老街区的烟火气如何留住?"),
    ("editor's note", "□编者按 曾经红极一时的老字号,如今只剩一间门店。"),
    ("editor's note", "人物小传隆美尔(1891.11.15-1944.10.14)陆军元帅,著名军事家。"),
    ("programme opener", "各位好，我是安东尼。"),
    ("programme opener", "欢迎收听法国报纸摘要。"),
    ("call for submissions", "我要爆料(有奖爆料:20元--1000元)网络爆料台随时随地。"),
    ("call for submissions", "欢迎投稿，投稿邮箱见文末。"),
    ("contact line", "欲了解更多资讯，可关注微信公众号“健康广东”。"),
    ("subscription", "点击上方“城事速递”免费订阅!"),
    ("subscription", "点击“江城政情”可免费订阅!"),
    ("public account's id", "江城观察(gh_5e1a2b3c4d6f)"),  # a public account's original id, as its posts sign off
    ("organiser blurb", "据悉,通用健康大讲堂是由通用技术集团医疗健康控股有限公司主办的卫生类、学术性、融合型系列活动。"),
    ("organiser blurb", "本次活动为系列活动的第四期,旨在汇集各方智慧。"),
    ("copyright line", "协议授权转载联系:(020)85180306。"),
    ("source line", "(文字来源:东岭晚报)本组图片来源东方IC鲁亮摄编辑:赵然黄华"),
    ("copyright line", "《人民日报》(2015年06月07日02版)"),
    ("disclaimer", "本篇内容转载于中证网,内容仅供参考,股市投资有风险。"),
    ("disclaimer", "以上内容与数据仅代表观点整理，不构成实质性投资建议，据此操作风险自担。"),
    ("navigation", "详情>>"),
    ("navigation", "（详情请点击链接："),
    ("source line", "更多详细新闻请浏览新京报网www.bjnews.com.cn"),
    ("glued subheading", "□引子浏阳河陷停产风波不久前市场传出消息,浏阳河酒于近日下发紧急通知。"),
    ("glued subheading", "【质疑】“摘星”费钱费力太理想化尽管美国航天局给出了具体方案,但仍有科学家提出质疑。"),
    ("heading left in the text", "多地项目连环爆雷"),
    ("list label", "骗局之1"),
    ("list label", "2."),
    ("label", "今日焦点："),
    ("promotion", "今晚我们将在本报公众号推出独家评论《城市的温度》,敬请关注。"),
    ("promotion", "系列报道将于每周一刊发，敬请期待。"),
    ("sign-off", "有关事件的最新进展,本台将会继续关注。"),
    ("sign-off", "污水最终如何处理,本报将持续关注。"),
    # A table's column headings run into its first row: the weather-warning signal table ("图例 标准
    # 防御指南") that the country's warnings are published in, flattened into the text.
    ("table heading", "图例标准防御指南6小时内可能发生雷电活动,可能会造成雷电灾害事故。"),
    ("table heading", "市气象台7月21日21时40分发布图例标准防御指南3小时内降雨量将达50毫米以上。"),
    # The note a law or a decision carries under its title: when and by whom it was adopted, revised,
    # amended or promulgated. It tells of the text; no brief quotes it.
    ("adoption note", "（2025年6月27日第十四届全国人民代表大会常务委员会第十六次会议通过）"),
    ("adoption note", "（2011年4月22日第十一届全国人民代表大会常务委员会第二十次会议通过　2024年11月8日第十四届全国人民代表大会常务委员会第十二次会议修订）"),
    ("adoption note", "(根据2022年6月24日第十三届全国人民代表大会常务委员会第三十五次会议《关于修改〈中华人民共和国示范法〉的决定》修正)"),
    ("adoption note", "（2023年9月12日国务院令第768号公布　自2024年1月1日起施行）"),
]


@pytest.mark.parametrize(("kind", "text"), JUNK_TABLE)
def test_junk_is_dropped(kind: str, text: str) -> None:
    verdict = judge_sentence(text)
    assert verdict.kind == JUNK, f"{kind} kept: {text}"
    assert verdict.reason  # --explain says what kind


# (glued sentence, the sentence that must be left): the boilerplate goes, the sentence stays.
GLUED_TABLE = [
    ("资料图:俄媒称俄将建新航母据俄罗斯《剖面》杂志5月21日报道,俄海军将在2030年前建成一艘新航母。",
     "据俄罗斯《剖面》杂志5月21日报道,俄海军将在2030年前建成一艘新航母。"),
    ("刘军和陈旭东新浪科技讯6月1日晚间消息,小米今日发布了新一代手机,售价1999元。",
     "小米今日发布了新一代手机,售价1999元。"),
    ("新浪科技讯北京时间7月29日早间消息,高通CEO表示,公司将裁员15%。", "高通CEO表示,公司将裁员15%。"),
    ("评论(7)A+图片来源:CFP国内最大的第三方支付机构已低调完成总部变更。", "国内最大的第三方支付机构已低调完成总部变更。"),
    ("《瞭望东方周刊》记者武刚/山西报道若非亲眼得见,很难想象汾酒园区会是今天这副模样。",
     "若非亲眼得见,很难想象汾酒园区会是今天这副模样。"),
    ("成都商报记者何鹏楠《中国足球改革发展总体方案》出台之后,社会各界反响热烈。",
     "《中国足球改革发展总体方案》出台之后,社会各界反响热烈。"),
    ("《长株潭报》株洲讯(记者杜方江)4月29日,株洲市中医伤科医院收治了一名吞下手机的男子。",
     "4月29日,株洲市中医伤科医院收治了一名吞下手机的男子。"),
    (".文/刘晓翠去年11月,中国央行时隔两年首次降息。", "去年11月,中国央行时隔两年首次降息。"),
    ("【3】世界上最孤独的鲸鱼,被称作“52赫兹”。", "世界上最孤独的鲸鱼,被称作“52赫兹”。"),
    ("#谁的寂寞在唱歌#火星上有很多机器人,但这些机器人之间没有交集。", "火星上有很多机器人,但这些机器人之间没有交集。"),
    # Captions, credits and headings whose line break was lost (as in text scraped without its layout).
    ("新款电池在实验室接受针刺测试网页截图据日本共同社报道,丰田将于2027年量产全固态电池。",
     "据日本共同社报道,丰田将于2027年量产全固态电池。"),
    ("工人正在检修变电站,设备已运行十年本报记者李明摄因线路老化,该区上周发生两次停电,供电公司已启动改造。",
     "因线路老化,该区上周发生两次停电,供电公司已启动改造。"),
    ("图片来源:VCG3月2日,宁德时代公布了钠离子电池的装车计划,首批车型将于年内上市。",
     "3月2日,宁德时代公布了钠离子电池的装车计划,首批车型将于年内上市。"),
    ("新华社记者王刚摄综合新华社电昨日,长江流域防汛应急响应提升至三级。", "昨日,长江流域防汛应急响应提升至三级。"),
    ("社区团购退出三城据了解,这家平台已在华东三座城市暂停了次日达业务,涉及用户约200万。",
     "据了解,这家平台已在华东三座城市暂停了次日达业务,涉及用户约200万。"),
    ("◎本报记者赵雪据市交通委介绍,地铁18号线南段将于年底开通试运营,全长约23公里。",
     "据市交通委介绍,地铁18号线南段将于年底开通试运营,全长约23公里。"),
    ("储能电站安全隐患引关注【新京报】(记者周宁)近日,多地要求储能电站每季度开展一次消防检查。",
     "近日,多地要求储能电站每季度开展一次消防检查。"),
    ("(详见本报3月5日A08版)如今,这片违建厂房仍未拆除,周边居民多次投诉噪音问题。",
     "如今,这片违建厂房仍未拆除,周边居民多次投诉噪音问题。"),
    ("A+A-昨日,市应急管理局通报了化工园区的安全检查结果,12家企业被责令整改。",
     "昨日,市应急管理局通报了化工园区的安全检查结果,12家企业被责令整改。"),
    ("图/视觉中国据新华社电,甘肃省通报称,山体滑坡已造成3人失踪,救援仍在进行。",
     "据新华社电,甘肃省通报称,山体滑坡已造成3人失踪,救援仍在进行。"),
    ("“北理工”简称之争再起据了解,近日两所高校先后在官网发布声明,均称使用该简称已有多年。",
     "据了解,近日两所高校先后在官网发布声明,均称使用该简称已有多年。"),
    ("网络图片暴雨过后的城中村积水仍未退去,居民只能蹚水出行,多家商铺被迫停业。",
     "暴雨过后的城中村积水仍未退去,居民只能蹚水出行,多家商铺被迫停业。"),
    ("谈新能源车@经济日报#两会快讯#全国政协委员李华:建议加快县乡充电桩建设,补齐农村充电短板。",
     "全国政协委员李华:建议加快县乡充电桩建设,补齐农村充电短板。"),
    ("充电桩建设仍需提速】截至今年6月,全国充电桩保有量达1020万台,车桩比约为2.5比1。",
     "截至今年6月,全国充电桩保有量达1020万台,车桩比约为2.5比1。"),
    ("【县域充电桩覆盖率不足三成】截至今年6月,全国县域充电桩覆盖率为28%,远低于城市水平。",
     "截至今年6月,全国县域充电桩覆盖率为28%,远低于城市水平。"),
    # A microblog account's post: its name, a topic, then the headline in brackets, run into the text.
    ("东岭日报:#突发#【城南一货车冲上人行道致三人受伤】据一位网友私信报料,事发时正值放学时间,现场已拉起警戒线。",
     "据一位网友私信报料,事发时正值放学时间,现场已拉起警戒线。"),
    ("东岭视点:【市政府严肃处理输油管道泄漏事故】市政府对事故调查处理报告作出批复,同意对12名责任人给予纪律处分。",
     "市政府对事故调查处理报告作出批复,同意对12名责任人给予纪律处分。"),
    ("【本报综合报道】据外媒报道,一家欧洲车企将在匈牙利新建一座电池工厂,投资约20亿欧元。",
     "据外媒报道,一家欧洲车企将在匈牙利新建一座电池工厂,投资约20亿欧元。"),
    # A subheading run into its paragraph's first sentence, which opens with a source, a time or a connective.
    ("地铁票价调整方案出炉据市发改委介绍,新方案将于下月起实施,起步价维持2元不变。",
     "据市发改委介绍,新方案将于下月起实施,起步价维持2元不变。"),
    ("垃圾分类试点扩大至全省早在2019年,该市就率先开展了试点,覆盖居民超过50万户。",
     "早在2019年,该市就率先开展了试点,覆盖居民超过50万户。"),
    ("充电桩运营仍难盈利目前,全市公共充电桩利用率不足15%,多数运营商处于亏损状态。",
     "目前,全市公共充电桩利用率不足15%,多数运营商处于亏损状态。"),
    ("老旧小区改造缘何滞后其实,这项工程去年就已列入市政府民生实事清单。",
     "其实,这项工程去年就已列入市政府民生实事清单。"),
    ("(新华社记者张伟)新能源车下乡活动启动据中国新闻网,首批活动将覆盖全国20个县市,参与车企超过30家。",
     "据中国新闻网,首批活动将覆盖全国20个县市,参与车企超过30家。"),
    ("第三季度经营亮点-第三季度净利润为1.2亿元,同比增长18%,超出市场预期。", "第三季度净利润为1.2亿元,同比增长18%,超出市场预期。"),
    # A headline run into a lead that opens with a bare day, a time zone or an hour ("10日晚上10点多,").
    ("走失老人三天后终被找回10日晚上10点多,一名环卫工人在公园长椅上发现了这位老人。",
     "10日晚上10点多,一名环卫工人在公园长椅上发现了这位老人。"),
    ("八旬老人病重欠下医药费25日下午,记者在市人民医院见到了老人一家。", "25日下午,记者在市人民医院见到了老人一家。"),
    ("女排主场力克对手北京时间5月22日晚,亚洲女排锦标赛小组赛第三轮在天津结束。",
     "北京时间5月22日晚,亚洲女排锦标赛小组赛第三轮在天津结束。"),
    ("快递员深夜送货遭投诉当天下午,快递公司对投诉反映的情况进行了调查。", "当天下午,快递公司对投诉反映的情况进行了调查。"),
    # ... or on a month ("2013年7月,", "今年4月,", "去年8月初,").
    ("网吧里自学成才的年轻人2013年7月,全省连续发生多起银行卡被盗刷案。", "2013年7月,全省连续发生多起银行卡被盗刷案。"),
    ("城南中学首开足球班今年4月,学校召开足球工作会议,推出多项措施。", "今年4月,学校召开足球工作会议,推出多项措施。"),
    ("想起自己遭遇的家暴去年8月初,曹某悄悄给母亲汇了3000元。", "去年8月初,曹某悄悄给母亲汇了3000元。"),
    # ... or on what the reporter found ("记者了解到,", "记者查询后发现,").
    ("两所高校争抢同一简称记者了解到,两校此前都曾在官网使用过这一简称。", "记者了解到,两校此前都曾在官网使用过这一简称。"),
    ("“市级重点工程”未过环评记者在开发商的宣传册上看到,项目将建设酒店和会所。", "记者在开发商的宣传册上看到,项目将建设酒店和会所。"),
    ("个人信息被挂上网络论坛8月6日一大早,李女士就接到了多个陌生电话。", "8月6日一大早,李女士就接到了多个陌生电话。"),
    ("冒充民警的男友有多起前科昨日中午近12时,记者在派出所见到了刚做完笔录的小杨。", "昨日中午近12时,记者在派出所见到了刚做完笔录的小杨。"),
    # A site's "报道" dateline ("参考消息网6月20日报道"); a gallery's number run into its caption's year.
    ("东岭消息网6月20日报道日媒称,两国防务部门将于下月启动海空联络机制磋商。", "日媒称,两国防务部门将于下月启动海空联络机制磋商。"),
    ("22014年10月5日,城东广场的充气城堡被大风吹倒,13名儿童受伤。", "2014年10月5日,城东广场的充气城堡被大风吹倒,13名儿童受伤。"),
    # An outlet's name before a bracketed headline, run into the text; a portal's "综合报道" dateline.
    ("城南一大厦起火多人被困东岭晚报【大厦火灾疑是人为纵火所致】今天早上8点40左右,城南一大厦五楼突然起火。",
     "今天早上8点40左右,城南一大厦五楼突然起火。"),
    ("东岭经济网北京6月24日综合报道(王一)据东岭日报6月24日报道,全省电商扶贫工作现场推进会昨日召开。",
     "据东岭日报6月24日报道,全省电商扶贫工作现场推进会昨日召开。"),
    # A headline run into a report credited with a colon ("据…消息:"), or into its link to a video.
    ("东岭市委常委、秘书长王某接受组织调查据东岭省纪委消息:经东岭省委批准,王某涉嫌严重违纪违法,目前正接受组织调查。",
     "据东岭省纪委消息:经东岭省委批准,王某涉嫌严重违纪违法,目前正接受组织调查。"),
    ("仪仗队亮相国庆阅兵>>视频东岭市9日上午在中心广场举行纪念活动,三军仪仗队首次亮相。", "东岭市9日上午在中心广场举行纪念活动,三军仪仗队首次亮相。"),
    # A subheading with its label and a colon ("现场直击:…", "开发商:…").
    ("现场直击:货车侧翻堵塞主路据交警介绍,事故未造成人员伤亡,道路已于两小时后恢复通行。",
     "据交警介绍,事故未造成人员伤亡,道路已于两小时后恢复通行。"),
    ("开发商:业主不退房就不安排退款4月10日下午,记者联系到了负责退房的销售经理。", "4月10日下午,记者联系到了负责退房的销售经理。"),
    ("新版词典收录《通用规范汉字表》全部字头据介绍,这是国内首部全面收录该字表的中型词典。",
     "据介绍,这是国内首部全面收录该字表的中型词典。"),
    ("现场:玻璃碎了一地阳台面目全非事发后,消防和燃气抢修人员很快赶到了小区。", "事发后,消防和燃气抢修人员很快赶到了小区。"),
    # A bracketed credit closes with its caption: "(家属供图)".
    ("受伤的老人正在医院接受治疗(家属供图)后来,一名路过的小伙子开车把老人夫妇送到了医院。",
     "后来,一名路过的小伙子开车把老人夫妇送到了医院。"),
    ("2014年2月16日讯,柏林当地时间2月15日,第64届柏林电影节闭幕式在柏林举行。",
     "柏林当地时间2月15日,第64届柏林电影节闭幕式在柏林举行。"),
    # A picture gallery's counter, a newspaper page's label, a caption naming the scene, a CV's heading.
    ("1/4近日,一位网友在微博上讲述了自己在东京乘坐出租车被拒载的经历。",
     "近日,一位网友在微博上讲述了自己在东京乘坐出租车被拒载的经历。"),
    ("2/6据市交警支队通报,昨日上午一辆货车在绕城高速上侧翻,所幸无人受伤。",
     "据市交警支队通报,昨日上午一辆货车在绕城高速上侧翻,所幸无人受伤。"),
    ("A05版新闻回顾:6月27日下午,两辆轿车在市区一路口相撞,车辆均严重损毁。",
     "6月27日下午,两辆轿车在市区一路口相撞,车辆均严重损毁。"),
    ("事故现场2014年10月19日6时30分,一辆运送水泥的货车在县道上侧翻。",
     "2014年10月19日6时30分,一辆运送水泥的货车在县道上侧翻。"),
    ("事发现场6月18日上午,处置小组安排民警到村里调查取证。", "6月18日上午,处置小组安排民警到村里调查取证。"),
    ("张明同志简历张明,男,汉族,1962年5月生,江苏南通人,研究生学历。", "张明,男,汉族,1962年5月生,江苏南通人,研究生学历。"),
    ("王华简历:历任团市委书记、市长助理、副市长。", "历任团市委书记、市长助理、副市长。"),
    # A headline of two clauses run into a lead that credits its report ("…,寂寞时陪着她据台湾媒体报道,"), and a
    # headline run into "就在刚刚,".
    ("揭秘城南夜市如何起死回生:关停一年,重开后客流翻倍据东岭晚报报道,城南夜市自今年4月重开以来,日均客流已超过两万人次。",
     "据东岭晚报报道,城南夜市自今年4月重开以来,日均客流已超过两万人次。"),
    ("存量债务巨大,经营困难据该负责人介绍,全省高速公路平均每公里造价已超过一亿元。",
     "据该负责人介绍,全省高速公路平均每公里造价已超过一亿元。"),
    ("东岭港消防员李强就在刚刚,东岭港消防支队公布了李强在火场救出三名被困工人的视频。",
     "就在刚刚,东岭港消防支队公布了李强在火场救出三名被困工人的视频。"),
    # A headline run into a lead dated with its year.
    ("警方通报:职业杀手落网后搜出大量化学品2014年4月25日,宁波警方在洛阳市抓获一名嫌疑人。",
     "2014年4月25日,宁波警方在洛阳市抓获一名嫌疑人。"),
    ("看重荣誉胜过一切1944年7月17日,他乘坐的汽车遭到飞机的猛烈射击,他受了重伤。",
     "1944年7月17日,他乘坐的汽车遭到飞机的猛烈射击,他受了重伤。"),
    # A headline run into the reporter's credit in brackets, or into a paper's dateline and credit.
    ("提醒:提供卡号后三码相当于授权(记者大秋)家住开发区的项女士接到所谓的银行来电,被骗走两万元。",
     "家住开发区的项女士接到所谓的银行来电,被骗走两万元。"),
    # A headline run into a wire's dateline ("…电,"), its caption with it: too far in for a dateline alone.
    ("实拍:暴雨致山区公路塌方多车受阻救援现场江南新闻台浙江丽水7月3日电,7月2日晚,丽水市莲都区一处山体塌方,阻断了县道。",
     "7月2日晚,丽水市莲都区一处山体塌方,阻断了县道。"),
    ("快讯【货车侧翻致3人受伤】江南新闻台浙江丽水3月8日电,7日13时左右,一辆轻型货车在乡村便道上侧翻。",
     "7日13时左右,一辆轻型货车在乡村便道上侧翻。"),
    ("市文化广电新闻出版局原副调研员被移送司法机关处理江城晚报8月6日讯(记者李静)记者昨日从市纪委获悉,该案已移送检察机关。",
     "记者昨日从市纪委获悉,该案已移送检察机关。"),
    # A page's font-size buttons, a caption repeated by a gallery, a short link glued to the text.
    ("字号:T|T记者从市公安局获悉,春节庙会期间全市将投入警力两千多人维持秩序。",
     "记者从市公安局获悉,春节庙会期间全市将投入警力两千多人维持秩序。"),
    ("T | T今年,省内一所高校新增无人机应用技术专业,首批招收学生120名。", "今年,省内一所高校新增无人机应用技术专业,首批招收学生120名。"),
    ("无人机救援演练无人机救援演练无人机救援演练【揭秘无人机救援队】今年,市消防支队组建了全省首支无人机救援队。",
     "今年,市消防支队组建了全省首支无人机救援队。"),
    ("航天科工集团航天科工集团有限公司今年将发射两颗低轨通信试验卫星。", "航天科工集团有限公司今年将发射两颗低轨通信试验卫星。"),
    ("https://t.cn/A6xYzQ3 据市交通委介绍,地铁18号线南段将于年底开通试运营。", "据市交通委介绍,地铁18号线南段将于年底开通试运营。"),
    # The closing bracket of an aside whose link was taken out as navigation ("（详情请点击链接：<a>…</a>）"):
    # no sentence opens on one. Split debris, not furniture: the sentence is not marked as glued.
    ("）市委副书记、代市长李明指出，全市上下要把稳增长放在更加突出的位置。",
     "市委副书记、代市长李明指出，全市上下要把稳增长放在更加突出的位置。"),
    ("】 ) 截至今年6月,全市新能源公交车占比已达到92%。", "截至今年6月,全市新能源公交车占比已达到92%。"),
]


@pytest.mark.parametrize(("glued", "sentence"), GLUED_TABLE)
def test_glued_boilerplate_is_stripped(glued: str, sentence: str) -> None:
    verdict = judge_sentence(glued)
    assert verdict.kind != JUNK
    assert verdict.text == sentence
    assert verdict.reason.startswith("已去掉粘连的")


# Real sentences that look a little like junk: they stay as they are.
KEEP_TABLE = [
    "建议投资者继续关注军工、高端制造、电力、环保等行业的相关机会。",
    "监管部门表示将持续关注平台企业的数据安全问题,对违规行为依法处理。",
    "国家电网将持续跟踪负荷变化,确保迎峰度冬期间电力供应平稳。",
    "今日（12月28日）有网友爆料，有60万个“12306账号”和410万条联系人数据在暗网低价出售。",
    "昨日,广州市检察院公众号披露案件细节,介绍了黑客阿叶的成长经过。",
    "1945年,作为一名战俘,曼弗雷德在雷德林根接受了审讯,一个法国士兵问到有关隆美尔的死因。",
    "华为今天在深圳发布了新一代人工智能芯片,算力比上一代提升一倍。",
    "记者从市卫健委获悉,全市已有120家医院接入远程会诊平台。",
    "此前,该公司已在北京、上海试点无人配送。",
    "“你们为什么不早点来？”她问道。",
    "“这是国内首款量产的车规级芯片。”公司董事长张明说。",
    "网友在微博上发布截图称,该公司的客服人员拒绝退款并辱骂顾客。",
    "该条例（2024年3月1日经市人大常委会第十次会议通过）自5月1日起施行。",
    "记者张三摄像机拍下了全过程,警方随后赶到现场。",
    "北京市政府近日发布通知,要求各区加强共享单车停放管理。",
    "市民王先生昨日上午在小区门口被电动车撞伤,送医后已无大碍。",
    "据俄罗斯《消息报》5月21日报道,俄海军将在2030年前建成一艘新航母。",
    # A report credited to its source and day ("据…消息"): the reader's anchor for 今日, not a wire tag.
    "据财联社9月26日消息，今日从交通运输部新闻发布会获悉，国庆假期全国高速公路继续免收小型客车通行费。",
    "据新华社3月5日电，国务院常务会议今天审议通过了新能源汽车下乡的实施方案。",
    # 据统计 inside 数据统计 is no lead starting after a headline.
    "根据国家统计局的最新数据统计，今年前三季度全国规模以上工业增加值同比增长4.6%。",
    "根据交通运输部公布的数据了解，国庆假期全社会跨区域人员流动量超过20亿人次。",
    "城东供电公司昨日宣布,将投入1.2亿元改造老旧线路,工程预计明年6月完工。",
    "国家电网有限公司近日宣布,今年将在西部新建三条特高压线路。",
    "他表示,【重要】的是加快推进改革,让企业真正受益。",
    "网友@小明在微博上说,这款手机的续航比上一代提升了一倍。",
    # 据, 早在, 目前 inside a sentence: a word (数据, 根据) or after a comma, not a new paragraph.
    "工信部公布的最新统计数据显示,今年前三季度新能源汽车产量同比增长35%。",
    "城市管理部门根据市民举报,对违规设置的广告牌进行了集中清理。",
    "该行早在两年前就已在三个城市试点,目前,试点已扩大到十个城市。",
    "这家公司其实早在2018年就开始研发固态电池。",
    "小区业主代表王先生据理力争,最终拿回了被扣的押金。",
    "研究团队绘制的结构图为科学家理解蛋白质折叠提供了新思路。",
    "这家出版社负责选题-采访-编辑-发行的全部流程。",
    "2019年3月-2021年6月,他任市发改委副主任,分管能源工作。",
    # A dated lead is not a headline run into a date: the year and month stay with their day, and a word
    # that runs on into the date (是, 于, 直到今年) keeps it.
    "2013年12月27日,县法院对四名被告人作出一审判决。",
    "最后一封邮件的发送时间是3月24日0点56分,标题为“版本更新说明”。",
    "直到今年7月15日,家人才接到了拘留通知书。",
    "这名球员出生于1989年3月13日,身高1.71米。",
    "发言人表示:这项政策自今年1月1日起实施,目前运行平稳。",
    "会议强调:5月22日,全市将开展安全生产大检查。",
    "这名官员就在案发后,主动要求亲属退还了全部赃款。",
    # A day's time inside a sentence comes after a word that leads into it (在, 的, 是) or an everyday 每天.
    "这起事故发生在当天下午,当时路面湿滑。",
    # A range of months ends on its second month: no headline before it.
    "2004年7月-2009年9月,王某任市规划局副局长。",
    "2014年10月~2015年2月,国家卫生计生委组织开展了首次全国性家庭追踪调查。",
    "该公司于今年4月,与三家银行签署了合作协议。",
    # The reporter inside a sentence: whom someone told or was interviewed by, or an outlet's reporter.
    "桃源县环保局副局长在接受财新记者采访时表示,整改方案已经上报。",
    "一位家住西城区的居民向记者反映,小区电梯已停运两周。",
    "当天下午东江晚报记者从市交通局获悉,地铁5号线将于年底通车。",
    "救援人员赶到现场已是当天下午,被困的三人都已脱险。",
    "这名退休教师每天一大早,就到公园里教孩子们下棋。",
    # 据 in a quotation opens what was said; 就在 before a place is no time.
    "张凡在一家共享充电宝企业工作,他说:“据我了解,头部企业中的好几家都涨价了。”",
    "他当时就在刚刚竣工的大桥下面,亲眼看见了事故的经过。",
    "她的母亲就在昨天,把存了十年的积蓄全部捐给了村里的小学。",
    # A sentence that points at its picture is the story's, not the picture's caption.
    "日前,县里在古道保护开发中发现一块大石头,上面的图画脉络清晰(右图)。",
    # A transliterated name joined by a hyphen is one name, not a label and its text.
    "德安德鲁-乔丹由于球队一直落后没有被换下,全场6投5中贡献10分8个篮板。",
    "广州富力曾在今年2月表达了对索拉-阿梅奥比的兴趣,目前仍在接触。",
    # A fraction that opens a sentence, a CV that is the story, a scene named in the text.
    "1/4的受访者表示,他们每周至少网购一次生鲜。",
    "个人简历造假的问题近年来屡见不鲜,不少企业开始核查学历。",
    "记者赶到事故现场时,救援人员已将被困司机救出。",
    # A list of dates, and a time zone before its date, stay with the date.
    "1939年5月9日、10日,日机两次轰炸泉州城区,炸毁民房数百间。",
    # A source's name and time stamp before a wire dateline are no headline: nothing is cut past the dateline's reach.
    "江城网2014-10-0716:55:12南方新闻台湖北江城10月7日电,今天下午3点左右,绕城高速一辆货车侧翻。",
    # A sentence that tells of an editor's note, or of a subscription, is not one.
    "他在编者按中写道,这场改革考验的是城市的治理能力。",
    "提升核心阅读能力是语文教学的重点之一。",  # the words of a note's label, not the label
    "系统会给出核心提示,帮助用户完成操作。",
    "该栏目上线三个月,付费订阅用户已超过12万。",
    "该视频的点击量已超过其订阅用户数的三倍。",
    "该平台上月推出免费订阅服务,用户数已超过100万。",
    # A reporter's words in brackets inside a sentence are not a credit.
    "这名男子被警方抓获时(记者在现场看到)神情慌张,一言不发。",
    # A deadline runs on into its date.
    "全市累计接种疫苗人数截止2014年4月25日,已达12万人次。",
    "文件规定的截止日期4月25日,已经过去半个月。",
]


# The GLUED_TABLE rows that carried only a wire dateline, a list number or a stray bracket, by how they open.
WIRE_ONLY = ("东岭消息网6月20日报道", "东岭经济网北京6月24日综合报道", "刘军和陈旭东新浪科技讯", "新浪科技讯北京时间", "《长株潭报》株洲讯", "【3】世界上", "【本报综合报道】", "2014年2月16日讯", "）市委副书记", "】 ) 截至")


@pytest.mark.parametrize(("text", "glued"), [
    # Names run straight into the text: nothing can be cut, but the sentence is marked.
    ("南方讯记者王海涛通讯员李明张伟目前全市机动车保有量达233万多辆,其中汽车160多万辆。", True),
    ("东岭晚报记者欧阳明张栋实习生张帆因孩子间的玩闹,引发妯娌间相互埋怨。", True),  # the paper's name before 记者
    ("——陈小雨南方讯记者刘洋江城惊天绑架案,被勒索千万赎金的富商女儿身份曝光。", True),
    ("——这是他第三次参加比赛,前两次都止步于半决赛。", False),
    ("记者从市卫健委获悉,全市已有120家医院接入远程会诊平台。", False),
])
def test_an_uncut_byline_marks_the_sentence(text: str, glued: bool) -> None:
    verdict = judge_sentence(text)
    assert verdict.text == text and verdict.glued is glued


@pytest.mark.parametrize("row", range(len(GLUED_TABLE)))
def test_only_a_wire_dateline_leaves_a_sentence_unmarked(row: int) -> None:
    """A lead that carried its wire dateline is an ordinary lead; anything else glued to it was page
    furniture around it, and the sentence is marked (selection and the keepable model weigh it less)."""
    glued = GLUED_TABLE[row][0]
    assert judge_sentence(glued).glued is (not glued.startswith(WIRE_ONLY))


@pytest.mark.parametrize("text", KEEP_TABLE)
def test_real_sentences_are_kept_whole(text: str) -> None:
    verdict = judge_sentence(text)
    assert verdict.kind == "" and verdict.text == text


def test_questions_and_fragments_are_weak_and_dangling_openers_point_back() -> None:
    assert judge_sentence("成吉思汗墓地真的是不解之谜吗？").kind == WEAK
    assert judge_sentence("结果出人意料。").kind == WEAK
    assert judge_sentence("“以前花一两元就能充满电，前几天一下子被扣了12元。”").kind == WEAK
    assert judge_sentence("重大项目开工、营商环境优化再升级、推动高质量发展再上新台阶……").kind == WEAK
    assert judge_sentence("科普作家叶永烈等人逐一证实了他的观点：").kind == WEAK
    # It announces the hurdles without naming one: the sentence that names them is the one to quote.
    assert judge_sentence("业内人士也提醒，国产AI芯片要实现规模化替代，仍需跨过几道关口。").kind == WEAK
    assert judge_sentence("尽管发展势头良好，受访专家普遍认为，手术机器人的大规模普及仍面临不少挑战。").kind == WEAK
    assert judge_sentence("一台手术机器人售价仍在1200万元左右，高成本是普及面临的最大障碍。").kind == ""
    # Only who spoke: what they said was the sentence before.
    assert judge_sentence("省人民医院眼科主任、国家眼科质控中心专家委员会委员陆承泽表示。").reason == "只有说话人，没有所说的话"
    assert judge_sentence("纬五路一家便利店门口坐着的店主这样对记者说。").kind == WEAK
    assert judge_sentence("2004年12月22日，市科技合作中心主任黄明达表示。").kind == WEAK
    # A name and its verb alone is a speaker too, not a byline ("(暮雨)", "编辑:曹静") as it was called.
    for text in ("周雅文说。", "张伟表示。", "陆承泽指出。"):
        assert judge_sentence(text).reason == "只有说话人，没有所说的话", text
    assert judge_sentence("（周雅文）").reason == "单独的署名或出处"
    # The rest of a quotation opened in the sentence before: its speaker and its start are there.
    assert judge_sentence("比起以前，农户种植一亩地的收益增加了上千元。”").reason == "前文引语的后半段"
    assert judge_sentence("他说：“比起以前，收益增加了上千元。”").kind == ""
    # An item of a numbered list: the sentence before it says what the list is (对此，专家提出以下建议：).
    for item in ("1、政府及相关部门按照职责做好防暴雨应急工作;", "2. 地方政府可设立智能化改造专项补贴，降低中小企业的试错成本；",
                 "（三）国内公务接待经费管理使用情况;", "二、投资者的收益是否在合同中有明确而具体的体现。"):
        assert judge_sentence(item).reason == "编号列表中的一项", item
    for text in ("1.5亿元的专项资金已于上月拨付到位。", "1、2月份，全市规模以上工业增加值同比增长6.8%。", "一、二线城市的房价涨幅明显收窄。", "3月1日起，新规正式施行。"):
        assert judge_sentence(text).kind == "", text
    assert judge_sentence("公司董事长张明说，明年将扩产一倍。").kind == ""
    assert judge_sentence("这位年轻作家去年出版了自己的第一部长篇小说。").kind == ""
    assert judge_sentence("他回国后获得了高级经济师职称。").kind == ""
    assert judge_sentence("他说，这项技术明年就能量产。").needs_previous
    assert judge_sentence("该系统已在三家医院投入使用。").needs_previous
    assert judge_sentence("这也是国内首次实现量产。").needs_previous
    assert not judge_sentence("这里是全国最大的芯片产业园。").needs_previous
    assert not judge_sentence("此外，公司还发布了两款新品。").needs_previous


def test_an_editors_note_takes_its_paragraph_with_it() -> None:
    verdicts = judge(["编者按：突如其来的疫情是一次大考。", "在党中央坚强领导下，经济社会发展稳步走向胜利。"])
    assert [v.kind for v in verdicts] == [JUNK, JUNK]
    # Text that lost its paragraph breaks is not one long editor's note.
    long = judge(["人物小传隆美尔(1891-1944),陆军元帅。"] + ["隆美尔1941年出任驻非洲军团军长,迅速扭转了北非战局。"] * 5)
    assert [v.kind for v in long] == [JUNK] + [""] * 5


@pytest.mark.parametrize(
    ("sentences", "kinds"),
    [
        # The credit glued to the next sentence, the credit on a line of its own, one in brackets, one for a wire photo.
        (["8日,新落成的科技馆门前排起了长队。", "本报记者林晓峰摄市科技馆8日正式对外开放,首日接待游客逾万人次。"], [JUNK, ""]),
        (["一名维修工在检修刚运抵的风电叶片。", "通讯员周敏 摄", "这批叶片长度超过九十米,将用于海上风电项目。"], [JUNK, JUNK, ""]),
        (["渔民在码头晾晒刚捕捞的海带。", "(陈立新摄)3月2日,沿海多地迎来海带收获季,今年亩产同比提高约两成。"], [JUNK, ""]),
        (["10日,救援人员在现场搜寻被困者。", "图/视觉中国据新华社电,当地已组织三百余人参与救援。"], [JUNK, ""]),
        # The credit of an outlet known by its short name ("南都", not "南都报"), glued to the next caption.
        (["傍晚,老街口的修鞋摊前还亮着一盏灯。", "江城记者陈舒雅摄次日清晨,修鞋师傅早早支起了摊子。"], [JUNK, ""]),
        # Not a credit: a reporter the story tells of, who filmed what happened.
        (["事发时,不少路人停下脚步围观。", "一名记者张某摄下了事发经过,视频很快在网上传开。"], ["", ""]),
        # Not a photo credit: a photo report's byline credits the story, not the sentence before it.
        (["研究留守儿童问题多年的专家魏晓娟说,这些孩子最缺的是陪伴。", "华西都市报记者徐湘东摄影报道"], ["", JUNK]),
        (["公司计划今年四季度实现量产。", "图/文本报记者张三据了解,该项目总投资十亿元。"], ["", ""]),
        # A sentence too long to be a caption stays the story's.
        (["市交通运输局介绍,新开通的三条公交线路覆盖了高新区、大学城和两座地铁换乘站,早晚高峰发车间隔缩短至五分钟,"
          "预计日均客流可达三万人次,沿线居民通勤时间平均可节省二十分钟左右。", "记者王磊摄"], ["", JUNK]),
    ],
)
def test_the_sentence_before_a_photo_credit_is_its_caption(sentences: list[str], kinds: list[str]) -> None:
    verdicts = roles.credited_captions(sentences, judge(sentences))
    assert [v.kind for v in verdicts] == kinds
    if kinds[0] == JUNK:
        assert verdicts[0].reason == "图片说明（其后是摄影署名）"
        assert verdicts[1].text[:2] not in ("本报", "(陈", "图/")  # the credit is stripped off the next sentence


def test_a_caption_whose_credit_opens_the_next_sentence_is_never_picked() -> None:
    # Text that lost its line breaks (NLPCC): caption, credit, story, all in one paragraph.
    caption = "8日,新落成的科技馆门前排起了长队。"
    text = (caption + "本报记者林晓峰摄市科技馆8日正式对外开放,首日接待游客逾万人次,预约系统一度满额。"
            "馆方表示,将在周末延长开放时间,并增设两条参观线路以分流客流。")
    summary = summarize(text, options=SummaryOptions(explain=True))
    reasons = {s.text: s.reason for s in summary.candidates}
    assert reasons[caption].startswith("剔除：图片说明（其后是摄影署名）")
    assert [s.text for s in summary.candidates if s.chosen] == [
        "市科技馆8日正式对外开放,首日接待游客逾万人次,预约系统一度满额。", "馆方表示,将在周末延长开放时间,并增设两条参观线路以分流客流。"]


def test_summary_never_picks_junk_and_explains_why() -> None:
    text = "\n".join(
        [
            "图为发布会现场。",
            "华为今天在深圳发布了新一代人工智能芯片昇腾950,算力比上一代提升一倍,将于明年一季度量产。",
            "据悉,本次发布会是由华为技术有限公司主办的全联接系列活动,汇聚了行业领袖和开发者。",
            "业内人士指出,芯片良率不足和先进工艺受限仍是量产面临的最大风险。",
            "（记者陈杰）",
        ]
    )
    summary = summarize(text, options=SummaryOptions(sentences_per_section=3, explain=True))  # reasons only when asked
    chosen = [s.text for s in summary.candidates if s.chosen]
    assert chosen == [summary.candidates[1].text, summary.candidates[3].text]
    reasons = {s.text: s.reason for s in summary.candidates}
    assert reasons["图为发布会现场。"].startswith("剔除：图片说明")
    assert reasons["（记者陈杰）"].startswith("剔除：单独的署名")
    assert "主办方或活动简介" in reasons[summary.candidates[2].text]


def _candidate(index: int, score: float, text: str) -> Candidate:
    return Candidate(index, 0, text, score, frozenset({index}), judge_sentence(text))


def test_a_dangling_opener_counts_for_less_without_its_antecedent() -> None:
    candidates = [
        _candidate(0, 1.0, "国家药监局今天批准了首个人工智能眼底诊断软件上市。"),
        _candidate(1, 0.9, "近年来,国内多家企业都在加紧研发医疗人工智能产品。"),
        _candidate(2, 2.0, "他说,该软件准确率达到百分之九十五,已在二十家医院试用。"),
    ]
    picked = select(candidates, per_section=1, budget=None, redundancy=0.6, duplicate_similarity=0.7)
    assert picked.chosen == (0,)  # 2.0 x 0.4 < 1.0: without sentence 1 it does not stand alone
    assert "指代的前一句未选" in picked.reasons[2]
    # Right after its antecedent, the same sentence stands.
    candidates[2] = _candidate(1, 2.0, candidates[2].text)
    candidates[1] = _candidate(2, 0.9, candidates[1].text)
    picked = select(candidates, per_section=2, budget=None, redundancy=0.6, duplicate_similarity=0.7)
    assert picked.chosen == (0, 1)


def test_explain_says_a_higher_scored_sentence_lost_on_redundancy() -> None:
    """--explain must not call a sentence "below the top N" when it outscored a pick: it lost because it
    repeats part of a pick, and the reason says so with the score it was left with."""
    words = {0: frozenset({1, 2, 3}), 1: frozenset({1, 2, 4, 5}), 2: frozenset({6, 7, 8})}
    candidates = [
        Candidate(0, 0, "临江市教育局宣布启动AI助教试点。", 1.5, words[0], judge_sentence("临江市教育局宣布启动AI助教试点。")),
        Candidate(1, 0, "临江市教育局副局长介绍了前期测试的结果。", 1.6, words[1], judge_sentence("临江市教育局副局长介绍了前期测试的结果。")),
        Candidate(2, 0, "家长们希望学生数据得到妥善保护。", 1.2, words[2], judge_sentence("家长们希望学生数据得到妥善保护。")),
    ]
    picked = select(candidates, per_section=2, budget=None, redundancy=0.6, duplicate_similarity=0.9)
    assert picked.chosen == (1, 2)  # 1.5 x (1 - 0.6 x 2/3) = 0.9 < 1.2
    assert "未进本节前" not in picked.reasons[0]
    assert "折算为0.900" in picked.reasons[0] and "见于#1" in picked.reasons[0]
    assert picked.reasons[0].endswith("；落选：不及本节已选的2句")
    one = select(candidates, per_section=1, budget=None, redundancy=0.6, duplicate_similarity=0.9)
    assert one.reasons[0].endswith("；落选：不及本节已选的那一句")


def test_a_lead_glued_to_page_furniture_gives_way_to_a_clean_sentence() -> None:
    """Editors leave out a sentence that came glued to a caption or a heading, even once it is stripped:
    the clean sentence that says the news is picked instead."""
    text = (
        "工人正在检修变电站本报记者李明摄因线路老化,城东区上周发生两次大面积停电,影响约三万户居民。\n"
        "城东供电公司昨日宣布,将投入1.2亿元改造老旧线路,工程预计明年6月完工,届时停电时间将减少八成。\n"
        "据介绍,改造将分三期进行,首期覆盖城东区12个老旧小区。\n"
        "部分居民表示,希望施工期间尽量减少对生活的影响。"
    )
    summary = summarize(text, options=SummaryOptions(sentences_per_section=1))
    [picked] = [s for section in summary.sections for s in section.sentences]
    assert picked.text.startswith("城东供电公司昨日宣布")


def test_a_long_run_after_a_reporter_does_not_hang_the_verdict() -> None:
    # The uncut-byline pattern once tried every way a run of characters after 记者 splits into 2-4 character
    # names: this sentence did not end in a minute. A deadline, not a timing: it either ends or it hangs.
    sentence = "记者" + "近日数次向市城市管理综合执法局东城分局相关负责人询问执法情况并且没有得到任何回应这让他们很失望也很无奈大家只能继续等待下一次" + "。"
    code = f"from summarize.roles import judge_sentence; print(judge_sentence({sentence!r}).glued)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.stdout.strip() == "False", run.stderr


# The uncut-byline pattern as first written (names of 2-4 characters, optional separators): the slow form.
_SLOW_UNCUT = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,8}}讯|{roles._MEDIA})?\s*(?:本报|本刊)?记者\s*[\u4e00-\u9fff]{{2,4}}(?:[、\s]*[\u4e00-\u9fff]{{2,4}})*?\s*(?:通讯员|实习生|见习记者)")


@given(st.lists(st.sampled_from(["记者", "王", "李明", "通讯员", "实习生", "见习记者", "、", " ", "讯", "本报", "。", "a"]), max_size=12))
@settings(max_examples=600, deadline=None)
def test_the_uncut_byline_pattern_finds_what_its_slow_form_found(parts: list[str]) -> None:
    text = "".join(parts)
    for opening in (text, "记者" + text, "南方讯记者" + text, "南方晚报记者" + text):
        assert (roles._UNCUT_BYLINE.match(opening) is not None) == (_SLOW_UNCUT.match(opening) is not None), opening
