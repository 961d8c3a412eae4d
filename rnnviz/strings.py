"""Every UI string in English and Chinese (中文). Pages call session.t(key); nothing user-facing is inline.

A key is written out whole where it is used, so grep finds it; one built from a name at run time (cell_ + kind)
goes through rnnviz/ui/string_families.py, which declares each such family and where its members come from."""
from __future__ import annotations

import logging

STRINGS: dict[str, dict[str, str]] = {
    # the standalone page (rnnviz.standalone) and the downloads that make it
    "download_page": {"en": "Download this view as a page", "zh": "将此视图下载为网页"},
    "download_page_help": {"en": "One .html file that works offline: the stepper, diagram, charts and equations at "
                                 "every step, with the same buttons and keys. Open it from disk, share it, put it on a "
                                 "course site.",
                           "zh": "一个可离线使用的 .html 文件：包含每一步的逐步播放器、结构图、图表和公式，按钮和按键与此处"
                                 "相同。可直接从磁盘打开、分享，或放到课程网站上。"},
    "equations_outside": {"en": "This page holds the equations of steps {t0} to {t1} (a long run: the window around "
                                "the step it was saved at).",
                          "zh": "本页面包含第 {t0} 步到第 {t1} 步的公式（运行较长：保存时所在步附近的窗口）。"},
    "standalone_title": {"en": "{model} with {hidden} units, {steps} steps — rnnviz",
                         "zh": "{model}，{hidden} 个单元，{steps} 步 — rnnviz"},
    "standalone_keys": {"en": "Step with the buttons or the keys: ← → (or PgUp PgDn), Home, End; Space plays. "
                              "This page works offline: everything it needs is inside the file.",
                        "zh": "用按钮或按键逐步：← →（或 PgUp PgDn）、Home、End；空格键播放。"
                              "本页面可离线使用：所需的一切都在这个文件里。"},
    "standalone_footer": {"en": "Made with rnnviz. plotly.js (MIT), KaTeX (MIT) and gifenc (MIT) are included in "
                                "this file.",
                          "zh": "由 rnnviz 生成。本文件内含 plotly.js（MIT 许可）、KaTeX（MIT 许可）和 gifenc（MIT 许可）。"},
    # app and navigation
    "app_title": {"en": "rnnviz — see inside recurrent networks", "zh": "rnnviz — 看见循环神经网络的内部"},
    "page_home": {"en": "Home", "zh": "首页"},
    "page_build": {"en": "Build", "zh": "搭建模型"},
    "page_step": {"en": "Step through", "zh": "逐步运行"},
    "language": {"en": "Language", "zh": "语言"},
    "presenter": {"en": "Presenter mode", "zh": "演示模式"},
    "presenter_help": {"en": "Large type and charts for a projector; the sidebar moves out of the way.",
                       "zh": "为投影放大文字和图表；侧边栏自动收起。"},
    "exit_presenter": {"en": "Exit presenter mode", "zh": "退出演示模式"},
    "exit_presenter_short": {"en": "Exit", "zh": "退出"},
    "lesson_previous": {"en": "Previous lesson", "zh": "上一课"},
    "lesson_next": {"en": "Next lesson", "zh": "下一课"},
    "lesson_text": {"en": "The lesson's text", "zh": "课文"},
    "theme": {"en": "Theme", "zh": "主题"},
    "theme_auto": {"en": "Auto", "zh": "跟随系统"},
    "theme_light": {"en": "Light", "zh": "浅色"},
    "theme_dark": {"en": "Dark", "zh": "深色"},
    "theme_help": {"en": "Auto follows the operating system's light or dark setting; the link keeps your choice.",
                   "zh": "“跟随系统”使用操作系统的浅色或深色设置；链接会保留你的选择。"},
    "share_help": {"en": "The address bar holds the whole view (model, weights, sequence, step): copy it.",
                   "zh": "地址栏包含整个视图（模型、权重、序列、步数）：复制即可分享。"},
    "link_incomplete": {"en": "This model or sequence is too large to fit in a link; the link carries the seed "
                              "and generator settings instead.",
                        "zh": "该模型或序列太大，无法放入链接；链接只保存随机种子和生成器设置。"},
    "link_ignored": {"en": "Parts of the link could not be read and were left at their defaults: {problems}",
                     "zh": "链接中有部分内容无法读取，已使用默认值：{problems}"},
    "page_failed": {"en": "Something went wrong on this page; your model and sequence are unchanged. "
                          "Try another setting, or reload the page.",
                    "zh": "页面出现问题；你的模型和序列没有改变。请换一个设置，或刷新页面。"},
    "lost_runs_one": {"en": "This tab is in a new session: the connection was restarted or moved to another server "
                            "(or the page was reloaded), and the 1 trained run of this tab was lost. The view was "
                            "restored from the link; train again on the Train page.",
                      "zh": "此标签页已进入新的会话：连接已重新建立或转到了另一台服务器（或页面被刷新），此标签页的 "
                            "1 次训练结果已丢失。视图已根据链接恢复；请在“训练”页面重新训练。"},
    "lost_runs_many": {"en": "This tab is in a new session: the connection was restarted or moved to another server "
                             "(or the page was reloaded), and the {runs} trained runs of this tab were lost. The view "
                             "was restored from the link; train again on the Train page.",
                       "zh": "此标签页已进入新的会话：连接已重新建立或转到了另一台服务器（或页面被刷新），此标签页的 "
                             "{runs} 次训练结果已丢失。视图已根据链接恢复；请在“训练”页面重新训练。"},
    # lessons
    "page_lessons": {"en": "Lessons", "zh": "课程"},
    "lessons_title": {"en": "Lessons", "zh": "课程"},
    "lesson_pick": {"en": "Lesson", "zh": "课次"},
    "preset": {"en": "Model and input", "zh": "模型与输入"},
    "notice": {"en": "What to notice", "zh": "请注意"},
    "open_step": {"en": "Open in Step through", "zh": "在“逐步运行”中打开"},
    "open_build": {"en": "Open in Build (edit the weights)", "zh": "在“搭建模型”中打开（修改权重）"},
    "trained_link_training": {"en": "Training the lesson's network as the link says (same recipe, same seed: the "
                                    "same weights)…",
                              "zh": "正在按链接所写训练课程中的网络（同样的方法、同样的随机种子，得到同样的权重）……"},
    "x_one_hot_over": {"en": "x(t): one-hot over {count} characters", "zh": "x(t)：{count} 个字的 one-hot"},
    "open_build_shape": {"en": "Open in Build (change the model)", "zh": "在“搭建模型”中打开（修改模型）"},
    "expected_title": {"en": "The course's numbers and what the network computes — {preset}",
                       "zh": "课程给出的数值与网络的计算结果——{preset}"},
    "compare_title": {"en": "All of them on the same input", "zh": "同一输入下的对比"},
    # lessons: try it on the spot, guided steps (rnnviz/ui/lesson_controls.py, lesson_guide.py)
    "variant": {"en": "Variant", "zh": "变体"},
    "try_bias_f": {"en": "Forget gate bias b_f", "zh": "遗忘门偏置 b_f"},
    "try_bias_i": {"en": "Input gate bias b_i", "zh": "输入门偏置 b_i"},
    "try_bias_o": {"en": "Output gate bias b_o", "zh": "输出门偏置 b_o"},
    "try_bias_g": {"en": "Candidate bias b_g", "zh": "候选值偏置 b_g"},
    "try_w": {"en": "Recurrent weight w", "zh": "循环权重 w"},
    "try_layer": {"en": "Layer shown in the diagram", "zh": "结构图显示的层"},
    "try_direction": {"en": "Direction shown in the diagram", "zh": "结构图显示的方向"},
    "try_bad_value": {"en": "{name} needs a finite number; the model is unchanged.",
                      "zh": "{name} 需要一个有限的数；模型没有改变。"},
    "edited": {"en": "Weights edited", "zh": "权重已修改"},
    "edited_help": {"en": "The open model's weights differ from the course's; the tables below compare what it "
                          "computes with the course.",
                    "zh": "当前模型的权重与课程中的不同；下方表格把它的计算结果与课程对比。"},
    "back_to_course": {"en": "Back to the course's weights", "zh": "恢复课程中的权重"},
    "expected_course": {"en": "{q} (course)", "zh": "{q}（课程）"},
    "expected_computed": {"en": "{q} (computed)", "zh": "{q}（计算值）"},
    "expected_other_model": {"en": "The open model is not this lesson's, so this table uses the course's weights.",
                             "zh": "当前打开的不是本课的模型，因此此表使用课程中的权重。"},
    "guide_prev": {"en": "Previous item", "zh": "上一条"},
    "guide_next": {"en": "Next item", "zh": "下一条"},
    "guide_position": {"en": "Item {k} of {n}", "zh": "第 {k} 条，共 {n} 条"},
    "guide_none": {"en": "Click an item to go to its step", "zh": "点击某一条，跳到它所说的那一步"},
    "guide_unknown": {"en": "The link's guide={k} names no step among this lesson's \"What to notice\" items; "
                            "it was left out.",
                      "zh": "链接中的 guide={k} 不对应本课“请注意”中任何可跳转的步骤，已忽略。"},
    # home
    "home_lead": {"en": "Build a small recurrent network, feed it a sequence one step at a time, and watch every "
                        "gate, the cell state and the hidden state change.",
                  "zh": "搭建一个小型循环神经网络，逐步输入序列，观察每个门、细胞状态和隐藏状态如何变化。"},
    "home_lead2": {"en": "Below: your network (at first an LSTM reading a sine wave), live. Press play, drag the "
                          "slider, or use ← →.",
                   "zh": "下图：你的网络（初始为读取正弦波的 LSTM），实时运行。点击播放、拖动滑块，或按 ← → 键。"},
    "home_build": {"en": "Build a model", "zh": "搭建模型"},
    "home_build_help": {"en": "LSTM, GRU, Elman, Jordan and LSTM variants; every weight editable for small models.",
                        "zh": "LSTM、GRU、Elman、Jordan 及 LSTM 变体；小模型的每个权重都可手动编辑。"},
    "home_step": {"en": "Step through a sequence", "zh": "逐步运行序列"},
    "home_step_help": {"en": "The cell diagram, gates over time, heatmaps and the equations with real numbers.",
                       "zh": "细胞结构图、门随时间的变化、热力图，以及代入真实数值的公式。"},
    "home_lessons": {"en": "Follow the lessons", "zh": "学习课程"},
    "home_lessons_help": {"en": "Eleven lessons from the course, each with its model, its numbers and what to notice.",
                          "zh": "课程中的十一课，每课都有对应的模型、数值和要点。"},
    "home_train": {"en": "Train a network", "zh": "训练网络"},
    "home_train_help": {"en": "Train on text, sine waves, adding, copying, aⁿbⁿ, bracket depth, digits or your own CSV, "
                               "then compare RNN, LSTM and GRU.",
                        "zh": "在文本、正弦波、加法、复制、aⁿbⁿ、括号深度、手写数字或你自己的 CSV 上训练，并比较 RNN、LSTM 与 GRU。"},
    # build
    "build_title": {"en": "Build a recurrent network", "zh": "搭建循环神经网络"},
    "cell": {"en": "Cell", "zh": "循环层类型"},
    "cell_lstm": {"en": "LSTM", "zh": "LSTM"},
    "cell_peephole": {"en": "LSTM with peepholes", "zh": "带窥视孔的 LSTM"},
    "cell_coupled": {"en": "LSTM with coupled input/forget gates", "zh": "输入门与遗忘门耦合的 LSTM"},
    "cell_gru": {"en": "GRU", "zh": "GRU"},
    "cell_rnn": {"en": "Elman RNN", "zh": "Elman RNN"},
    "cell_jordan": {"en": "Jordan RNN (feeds back its output)", "zh": "Jordan RNN（反馈输出）"},
    "input_size": {"en": "input_size", "zh": "输入维度 input_size"},
    "input_kind": {"en": "Input", "zh": "输入"},
    "input_vectors": {"en": "vectors", "zh": "向量"},
    "input_ids": {"en": "token ids (embedding)", "zh": "词元编号（嵌入层）"},
    "vocab_size": {"en": "vocab_size", "zh": "词表大小 vocab_size"},
    "embedding_dim": {"en": "embedding dim (input_size)", "zh": "嵌入维度（input_size）"},
    "hidden_size": {"en": "hidden_size", "zh": "隐藏单元 hidden_size"},
    "num_layers": {"en": "num_layers", "zh": "层数 num_layers"},
    "bidirectional": {"en": "bidirectional", "zh": "双向 bidirectional"},
    "bias": {"en": "bias", "zh": "偏置 bias"},
    "proj_size": {"en": "proj_size", "zh": "投影 proj_size"},
    "nonlinearity": {"en": "nonlinearity", "zh": "激活函数 nonlinearity"},
    "cell_activation": {"en": "candidate activation g", "zh": "候选值激活函数 g"},
    "output_activation": {"en": "cell squashing in h = o · act(c)", "zh": "h = o · act(c) 中的激活函数"},
    "head": {"en": "Readout head", "zh": "输出层"},
    "head_none": {"en": "none", "zh": "无"},
    "head_out": {"en": "head outputs", "zh": "输出维度"},
    "head_every": {"en": "read out every step (many-to-many)", "zh": "每一步都输出（多对多）"},
    "seed": {"en": "seed", "zh": "随机种子"},
    "reinit": {"en": "Re-draw weights from the seed", "zh": "按随机种子重新初始化权重"},
    "params_title": {"en": "Parameters", "zh": "参数"},
    "params_total": {"en": "{count:,} parameters in total", "zh": "共 {count:,} 个参数"},
    "where_layer": {"en": "layer {layer}", "zh": "第 {layer} 层"},
    "where_embedding": {"en": "embedding", "zh": "嵌入层"},
    "where_forward": {"en": " (forward)", "zh": "（正向）"},
    "where_reverse": {"en": " (reverse)", "zh": "（反向）"},
    "where_head": {"en": "readout head", "zh": "输出层"},
    "lower_layer_h": {"en": "layer {layer}'s h_t", "zh": "第 {layer} 层的 h_t"},
    "rows": {"en": "rows {start}-{stop} {gate}", "zh": "第 {start}-{stop} 行为{gate}"},
    "gate_i": {"en": "input gate i", "zh": "输入门 i"},
    "gate_f": {"en": "forget gate f", "zh": "遗忘门 f"},
    "gate_g": {"en": "candidate g", "zh": "候选值 g"},
    "gate_o": {"en": "output gate o", "zh": "输出门 o"},
    "gate_r": {"en": "reset gate r", "zh": "重置门 r"},
    "gate_z": {"en": "update gate z", "zh": "更新门 z"},
    "gate_n": {"en": "new candidate n", "zh": "新候选值 n"},
    "gate_h": {"en": "hidden h", "zh": "隐藏状态 h"},
    "role_embedding": {"en": "row k is the vector x_t that layer 0 reads when the token id is k",
                       "zh": "第 k 行就是词元编号为 k 时第 0 层读到的向量 x_t"},
    "role_weight_ih": {"en": "weights from the input {source}", "zh": "来自输入 {source} 的权重"},
    "role_weight_hh": {"en": "recurrent weights from {recurrent}", "zh": "来自 {recurrent} 的循环权重"},
    "role_bias_ih": {"en": "input-side bias", "zh": "输入侧偏置"},
    "role_bias_hh": {"en": "recurrent-side bias", "zh": "循环侧偏置"},
    "role_weight_hr": {"en": "projection h_t = W_hr (o * tanh(c_t))", "zh": "投影 h_t = W_hr (o * tanh(c_t))"},
    "role_weight_ch": {"en": "peephole weights from the cell (i, f see c_(t-1); o sees c_t)",
                       "zh": "窥视孔权重（i、f 看 c_(t-1)；o 看 c_t）"},
    "role_head_weight": {"en": "y = {act}(W h_t + b) from the last layer", "zh": "y = {act}(W h_t + b)，读取最后一层"},
    "role_head_bias": {"en": "readout bias", "zh": "输出层偏置"},
    "gate_blocks_lstm": {"en": "4 gate blocks (i, f, g, o)", "zh": "4 个门块（i、f、g、o）"},
    "gate_blocks_coupled": {"en": "3 gate blocks (f, g, o; i = 1 − f)", "zh": "3 个门块（f、g、o；i = 1 − f）"},
    "gate_blocks_gru": {"en": "3 blocks (r, z, n)", "zh": "3 个块（r、z、n）"},
    "gate_blocks_rnn": {"en": "1 block", "zh": "1 个块"},
    "gate_blocks_jordan": {"en": "1 block (the recurrent weights read y)", "zh": "1 个块（循环权重读取 y）"},
    "count_rule": {"en": "per layer: blocks × hidden × (inputs + recurrent inputs + 2 biases)",
                   "zh": "每层：块数 × 隐藏单元 × （输入 + 循环输入 + 2 个偏置）"},
    "formula_title": {"en": "How the count comes about", "zh": "参数数量的由来"},
    "weights_title": {"en": "Weights (edit any cell)", "zh": "权重（可编辑任意单元格）"},
    "weights_too_big": {"en": "Hand editing is offered for hidden_size ≤ 8; this model has {hidden}.",
                        "zh": "仅当 hidden_size ≤ 8 时可以手动编辑权重；当前模型为 {hidden}。"},
    "weights_embedding_too_big": {"en": "The embedding has {rows:,} rows, one per token id: hand editing is offered "
                                        "for at most {max}.",
                                  "zh": "嵌入矩阵有 {rows:,} 行（每个词元编号一行）：最多 {max} 行时才可以手动编辑。"},
    "weights_edited": {"en": "Weights edited by hand (the seed no longer describes them).",
                       "zh": "权重已手动修改（不再由随机种子决定）。"},
    "kept_what_fits": {"en": "Kept the weights that still fit the new shape; new ones drawn from the seed.",
                       "zh": "保留了仍适用于新结构的权重；新增部分按随机种子初始化。"},
    "bad_weight": {"en": "That edit was not applied: {error}", "zh": "该修改未生效：{error}"},
    "bad_spec": {"en": "That model cannot be built: {error}", "zh": "无法搭建该模型：{error}"},
    # step through
    "step_title": {"en": "Step through", "zh": "逐步运行"},
    "sequence": {"en": "Input sequence", "zh": "输入序列"},
    "source": {"en": "Source", "zh": "来源"},
    "src_generator": {"en": "Generator", "zh": "生成器"},
    "src_table": {"en": "Table", "zh": "表格"},
    "src_text": {"en": "Text", "zh": "文本"},
    "src_csv": {"en": "CSV", "zh": "CSV"},
    "generator": {"en": "Signal", "zh": "信号"},
    "gen_constant": {"en": "constant", "zh": "常数"},
    "gen_impulse": {"en": "impulse", "zh": "脉冲"},
    "gen_step": {"en": "step", "zh": "阶跃"},
    "gen_sine": {"en": "sine", "zh": "正弦"},
    "gen_square": {"en": "square", "zh": "方波"},
    "gen_random": {"en": "random", "zh": "随机"},
    "gen_ramp": {"en": "ramp", "zh": "斜坡"},
    "length": {"en": "steps", "zh": "步数"},
    "apply": {"en": "Use this sequence", "zh": "使用此序列"},
    "table_help": {"en": "One row per time step x_t, one column per input.", "zh": "每行是一个时间步 x_t，每列是一个输入维度。"},
    "text_input": {"en": "Text (each character becomes a one-hot x_t)", "zh": "文本（每个字符编码为 one-hot 向量 x_t）"},
    "vocab": {"en": "Vocabulary ({n} characters, in one-hot order): {chars}", "zh": "词表（{n} 个字符，按 one-hot 顺序）：{chars}"},
    "vocab_fix": {"en": "Set input_size to {n} to match the vocabulary", "zh": "将 input_size 设为 {n} 以匹配词表"},
    "csv_paste": {"en": "Paste CSV (one row per step; a header row is allowed)", "zh": "粘贴 CSV（每行一个时间步，可含表头）"},
    "csv_upload": {"en": "or upload a .csv file", "zh": "或上传 .csv 文件"},
    "bad_sequence": {"en": "That sequence was not used: {error}. The previous sequence is still shown.",
                     "zh": "该序列未被使用：{error}。仍显示之前的序列。"},
    "feed_step": {"en": "Feed one more step x_t", "zh": "再输入一步 x_t"},
    "feed_help": {"en": "{n} comma-separated numbers; appended to the sequence, the state carries on.",
                  "zh": "{n} 个逗号分隔的数；追加到序列末尾，状态继续传递。"},
    "feed": {"en": "Feed", "zh": "输入"},
    "reset": {"en": "Reset to step 0", "zh": "重置到第 0 步"},
    "layer": {"en": "layer", "zh": "层"},
    "direction": {"en": "direction", "zh": "方向"},
    "dir_forward": {"en": "forward →", "zh": "正向 →"},
    "dir_reverse": {"en": "reverse ←", "zh": "反向 ←"},
    "unit": {"en": "unit (diagram, equations)", "zh": "单元（结构图、公式）"},
    "units": {"en": "units in the charts", "zh": "图表中显示的单元"},
    # instant choices (rnnviz.viz.choices): what stays a server round trip when a run is too big to send whole
    "choices_server_layer": {
        "en": "This run is too big to send every layer's numbers to the browser: the unit and the charts' units are "
              "chosen in the stepper, the layer and the direction here (that takes a moment).",
        "zh": "这次运行太大，无法把每一层的数值都发送到浏览器：单元和图表中的单元在步进器里选择，层和方向在这里选择（需要稍等片刻）。"},
    "choices_server_all": {
        "en": "This run is too big to send every unit's numbers to the browser: the layer, direction and units are "
              "chosen here (that takes a moment).",
        "zh": "这次运行太大，无法把每个单元的数值都发送到浏览器：层、方向和单元在这里选择（需要稍等片刻）。"},
    "equations": {"en": "The arithmetic of unit {unit} at step {t}", "zh": "第 {t} 步、单元 {unit} 的计算过程"},
    "values": {"en": "Values", "zh": "数值"},
    "values_help": {"en": "Every recorded value of layer {layer}, {direction}; the current step is highlighted.",
                    "zh": "第 {layer} 层（{direction}）记录的所有数值；当前步已高亮。"},
    "download_csv": {"en": "Download the whole trace (CSV)", "zh": "下载完整记录（CSV）"},
    "download_parquet": {"en": "Download the whole trace (Parquet)", "zh": "下载完整记录（Parquet）"},
    "bad_model_input": {"en": "The model cannot read this sequence: {error}", "zh": "模型无法读取此序列：{error}"},
    "ids_info": {"en": "This network reads token ids (whole numbers from 0 to {last}) through its embedding, not "
                       "vectors: type the ids it reads, one per step.",
                 "zh": "这个网络通过嵌入层读取词元编号（0 到 {last} 的整数），而不是向量：请输入它每一步读取的编号。"},
    "ids_input": {"en": "Token ids", "zh": "词元编号"},
    "ids_help": {"en": "Whole numbers from 0 to {last}, separated by spaces; press Enter to use them.",
                 "zh": "0 到 {last} 的整数，用空格分隔；按回车使用。"},
    "tok_mode": {"en": "Type", "zh": "输入方式"},
    "tok_mode_text": {"en": "text", "zh": "文本"},
    "tok_mode_ids": {"en": "token ids", "zh": "词元编号"},
    "tok_text": {"en": "Text, read token by token ({count} tokens in the vocabulary)",
                 "zh": "文本，按词元逐个读取（词表共 {count} 个词元）"},
    "tok_text_help": {"en": "Split into the vocabulary's tokens; click away from the box to use it.",
                      "zh": "按词表切分成词元；在文本框外点击一下即可使用。"},
    "tok_empty": {"en": "the text has no tokens to read", "zh": "文本中没有可读取的词元"},
    "tok_unknown": {"en": "This text cannot be read, the sequence is unchanged: {error}. Remove them, or load a "
                          "vocabulary with an unknown token such as <unk>.",
                    "zh": "无法读取这段文本，序列未改变：{error}。请删除它们，或载入带有未知词元（如 <unk>）的词表。"},
    "tok_read_as_unknown": {"en": "Not in the vocabulary, read as {unknown}: {tokens}",
                            "zh": "不在词表中，按 {unknown} 读取：{tokens}"},
    "tok_vocab_title": {"en": "Vocabulary", "zh": "词表"},
    "tok_vocab_help": {"en": "A vocabulary turns typed text into token ids: one token per line (line k is id k), "
                             "or JSON mapping each token to its id (as tokenizers export it, tokenizer.json too). "
                             "It must have one token per row of the embedding.",
                       "zh": "词表把输入的文本变成词元编号：每行一个词元（第 k 行的编号为 k），或把每个词元映射到编号的 "
                             "JSON（分词器导出的格式，包括 tokenizer.json）。词元数必须等于嵌入矩阵的行数。"},
    "tok_split": {"en": "Split text into", "zh": "文本切分为"},
    "tok_split_chars": {"en": "characters", "zh": "字符"},
    "tok_split_words": {"en": "words and punctuation", "zh": "词和标点"},
    "tok_vocab_file": {"en": "Vocabulary file (.txt or .json)", "zh": "词表文件（.txt 或 .json）"},
    "tok_vocab_size": {"en": "the vocabulary has {tokens} tokens but this network's embedding has {rows} rows",
                       "zh": "词表有 {tokens} 个词元，但该网络的嵌入矩阵有 {rows} 行"},
    "tok_bad_vocab": {"en": "The vocabulary was not loaded: {error}", "zh": "未载入词表：{error}"},
    "pre_open": {"en": "Open the pretrained python-code LSTM", "zh": "打开预训练的 python-code LSTM"},
    "pre_open_help": {"en": "A character-level LSTM trained on Python's standard library: type code and watch the "
                            "units that track strings, brackets and line length.",
                      "zh": "在 Python 标准库上训练的字符级 LSTM：输入代码，观察跟踪字符串、括号和行长度的单元。"},
    "in_open_in_step": {"en": "Step through this text", "zh": "逐步查看这段文本"},
    "x_embedded_token": {"en": "x(t): token", "zh": "x(t)：词元"},
    "x_embedded": {"en": "x(t): token id", "zh": "x(t)：词元编号"},
    # figure words
    "q_i": {"en": "input gate i", "zh": "输入门 i"},
    "q_f": {"en": "forget gate f", "zh": "遗忘门 f"},
    "q_g": {"en": "candidate g", "zh": "候选值 g"},
    "q_o": {"en": "output gate o", "zh": "输出门 o"},
    "q_c": {"en": "cell state c", "zh": "细胞状态 c"},
    "q_tanh_c": {"en": "tanh(c), the cell as Karpathy et al. colour it", "zh": "tanh(c)，Karpathy 等人着色所用的细胞状态"},
    "q_h": {"en": "hidden state h", "zh": "隐藏状态 h"},
    "q_r": {"en": "reset gate r", "zh": "重置门 r"},
    "q_z": {"en": "update gate z", "zh": "更新门 z"},
    "q_n": {"en": "new candidate n", "zh": "新候选值 n"},
    "q_y": {"en": "output y", "zh": "输出 y"},
    "chart_unit": {"en": "unit", "zh": "单元"},
    "chart_step": {"en": "step", "zh": "步"},
    "chart_step_axis": {"en": "step t", "zh": "时间步 t"},
    # stepper controls
    "first": {"en": "first step", "zh": "第一步"},
    "previous": {"en": "previous step", "zh": "上一步"},
    "next": {"en": "next step", "zh": "下一步"},
    "last": {"en": "last step", "zh": "最后一步"},
    "play": {"en": "play", "zh": "播放"},
    "pause": {"en": "pause", "zh": "暂停"},
    "speed": {"en": "speed", "zh": "速度"},
    "steps_per_second": {"en": "steps/s", "zh": "步/秒"},
    "step": {"en": "step", "zh": "步"},
    "of": {"en": "of", "zh": "/"},
    "diagram": {"en": "cell diagram", "zh": "细胞结构图"},
    "forget_gate": {"en": "forget", "zh": "遗忘门"},
    "input_gate": {"en": "input", "zh": "输入门"},
    "candidate": {"en": "candidate", "zh": "候选值"},
    "output_gate": {"en": "output", "zh": "输出门"},
    "cell_state": {"en": "cell state", "zh": "细胞状态"},
    "update_gate": {"en": "update", "zh": "更新门"},
    "reset_gate": {"en": "reset", "zh": "重置门"},
    "next_step": {"en": "to the next step", "zh": "传到下一步"},
    # the stepper's image menu (stepper.js "images for slides"); {k} {n} {unit} are filled in the browser
    "image": {"en": "image", "zh": "图片"},
    "image_help": {"en": "Download for slides: this step as PNG or SVG, a range of steps as an animated GIF",
                   "zh": "下载用于幻灯片的图片：当前步存为 PNG 或 SVG，一段步存为 GIF 动画"},
    "image_step": {"en": "this step", "zh": "当前步"},
    "image_png": {"en": "download this step as PNG", "zh": "下载当前步（PNG）"},
    "image_svg": {"en": "download this step as SVG", "zh": "下载当前步（SVG）"},
    "image_steps": {"en": "steps t", "zh": "时间步 t"},
    "image_from": {"en": "first step t of the GIF", "zh": "GIF 的起始时间步 t"},
    "image_to": {"en": "to", "zh": "至"},
    "image_until": {"en": "last step t of the GIF", "zh": "GIF 的结束时间步 t"},
    "image_gif": {"en": "download these steps as an animated GIF", "zh": "下载这些步的 GIF 动画"},
    "image_frame": {"en": "frame {k} of {n}", "zh": "第 {k} 帧，共 {n} 帧"},
    "image_cancel": {"en": "cancel", "zh": "取消"},
    "image_cap": {"en": "a GIF holds at most {n} frames", "zh": "GIF 最多 {n} 帧"},
    "image_unit": {"en": "unit {unit}", "zh": "单元 {unit}"},
    "image_failed": {"en": "The image could not be made", "zh": "无法生成图片"},
    # the keys a presentation clicker sends (stepper.js, presenter mode) and Esc (hotkeys.js)
    "keys_help": {"en": "← → PgUp PgDn: step · Space: play / pause · Esc: leave presenter mode",
                  "zh": "← → PgUp PgDn：单步 · 空格：播放/暂停 · Esc：退出演示模式"},
    # lesson views: api_shapes (lesson 7), param_count (lesson 8), encodings (lesson 1)
    "api_title": {"en": "Try the API: arguments in, shapes out", "zh": "动手试 API：输入参数，得到形状"},
    "api_lead": {"en": "Every shape below is measured on a real torch module run on random numbers of the right "
                       "shape; the code at the bottom does the same in plain PyTorch.",
                 "zh": "下面的每个形状都来自一个真实的 torch 模块：用形状正确的随机数运行后测量得到；"
                       "最下方的代码用纯 PyTorch 做同样的事。"},
    "api_kind": {"en": "module", "zh": "模块"},
    "api_proj_help": {"en": "LSTM only: h_t is projected down to proj_size numbers (smaller than hidden_size); "
                            "the cell c keeps hidden_size.",
                      "zh": "仅 LSTM：h_t 被投影为 proj_size 个数（须小于 hidden_size）；细胞状态 c 仍为 hidden_size。"},
    "api_batched": {"en": "batched input", "zh": "批量输入"},
    "api_batched_help": {"en": "Off: one sequence without a batch dimension, input (L, H_in).",
                         "zh": "关闭：单个序列，没有批量维度，输入为 (L, H_in)。"},
    "api_batch": {"en": "batch size N", "zh": "批量大小 N"},
    "api_seq_len": {"en": "sequence length L", "zh": "序列长度 L"},
    "api_call": {"en": "`{call}` — L = {L} steps, N = {N}, H_in = {H_in}, H_out = {H_out}, H_cell = {H_cell}, "
                       "D = {D}",
                 "zh": "`{call}` —— L = {L} 步，N = {N}，H_in = {H_in}，H_out = {H_out}，H_cell = {H_cell}，D = {D}"},
    "api_shapes": {"en": "Inputs and outputs", "zh": "输入与输出"},
    "api_tensor": {"en": "tensor", "zh": "张量"},
    "api_layout": {"en": "layout", "zh": "维度含义"},
    "api_shape": {"en": "shape", "zh": "形状"},
    "api_last_step": {"en": "Which part of output is h_n?", "zh": "output 的哪一部分就是 h_n？"},
    "api_direction": {"en": "direction", "zh": "方向"},
    "api_output_values": {"en": "output (first values)", "zh": "output（前几个值）"},
    "api_h_n_values": {"en": "h_n (first values)", "zh": "h_n（前几个值）"},
    "api_max_diff": {"en": "max |difference|", "zh": "最大差值"},
    "api_equal": {"en": "equal", "zh": "相等"},
    "api_uni_note": {"en": "output holds the last layer's h_t at every step, so its last step is the last layer's "
                           "final state: output[-1] equals h_n[-1] (with batch_first=True: output[:, -1]).",
                     "zh": "output 保存最后一层每一步的 h_t，所以它的最后一步就是最后一层的最终状态："
                           "output[-1] 等于 h_n[-1]（batch_first=True 时为 output[:, -1]）。"},
    "api_bidir_note": {"en": "Bidirectional: output's first {H} features are the forward direction, the next {H} the "
                             "reverse one. h_n[-1] is the last layer's *reverse* direction, which finishes at the "
                             "FIRST step: it equals the second half of output at step 0, not at the last step "
                             "(the ✗ row). The forward direction's final state is h_n[-2].",
                       "zh": "双向：output 的前 {H} 个特征属于正向，后 {H} 个属于反向。h_n[-1] 是最后一层的*反向*部分，"
                             "它在第一步结束：它等于第 0 步 output 的后半部分，而不是最后一步的（✗ 那一行）。"
                             "正向的最终状态是 h_n[-2]。"},
    "api_weights": {"en": "Weights ({count:,} parameters)", "zh": "权重（共 {count:,} 个参数）"},
    "api_code": {"en": "The same in PyTorch (paste it into Python: it prints these shapes)",
                 "zh": "同样的内容用 PyTorch 写出（粘贴到 Python 中运行：会打印出这些形状）"},
    # the course's names for torch's tensors (rnnviz/ui/lesson_views/weight_names.py)
    "wn_equations_title": {"en": "One step of an LSTM, in PyTorch's notation", "zh": "LSTM 的一步（PyTorch 的写法）"},
    "wn_gates_title": {"en": "The four blocks inside weight_ih_l0 and weight_hh_l0",
                       "zh": "weight_ih_l0 与 weight_hh_l0 里的四个块"},
    "wn_gates_lead": {"en": "PyTorch stacks the rows of every gate in one matrix, in the order {order}: block k is rows "
                            "k·H to (k+1)·H − 1, here with H = {H}. Each block has its own weights on x_t and "
                            "h_(t-1) and its own two biases.",
                      "zh": "PyTorch 把各个门的行叠在同一个矩阵里，顺序为 {order}：第 k 块是第 k·H 到 (k+1)·H − 1 行，"
                            "这里 H = {H}。每一块都有自己作用于 x_t 和 h_(t-1) 的权重，以及自己的两个偏置。"},
    "wn_col_block": {"en": "block", "zh": "块"},
    "wn_col_rows": {"en": "rows", "zh": "行"},
    "wn_col_count": {"en": "parameters", "zh": "参数个数"},
    "wn_times": {"en": "{kind}({m}, {n}) has **{count:,}** recurrent parameters and an Elman nn.RNN({m}, {n}) has "
                       "**{plain:,}**: **{ratio:g}×**. A plain unit has one input, its cell input; this unit has "
                       "{blocks} (the blocks above), each with a full set of weights.",
                 "zh": "{kind}({m}, {n}) 的循环层共有 **{count:,}** 个参数，Elman nn.RNN({m}, {n}) 有 **{plain:,}** 个："
                       "**{ratio:g} 倍**。普通单元只有一个输入（单元输入）；这里的单元有 {blocks} 个（即上表中的各块），"
                       "每一个都有一整套权重。"},
    "wn_uwv_title": {"en": "U, W and V: the textbook's names for PyTorch's tensors",
                     "zh": "U、W 与 V：教科书的名字与 PyTorch 的张量"},
    "wn_uwv_lead": {"en": "Textbooks write h_t = tanh(U x_t + W h_(t-1) + b) and o_t = softmax(V h_t). PyTorch "
                          "stores the same matrices as **U = weight_ih** (hidden × input), **W = weight_hh** "
                          "(hidden × hidden) and **V = the Linear readout's weight** (output × hidden), and writes "
                          "x_t W_ih^T: the same product, with x as a row.",
                    "zh": "教科书写作 h_t = tanh(U x_t + W h_(t-1) + b)，o_t = softmax(V h_t)。PyTorch 把同样的矩阵存为"
                          " **U = weight_ih**（隐藏 × 输入）、**W = weight_hh**（隐藏 × 隐藏）和 **V = 线性输出层的 "
                          "weight**（输出 × 隐藏），并写成 x_t W_ih^T：同一个乘积，只是 x 写成行向量。"},
    "wn_col_symbol": {"en": "textbook", "zh": "教科书"},
    "wn_col_torch": {"en": "PyTorch", "zh": "PyTorch"},
    "wn_col_shape": {"en": "shape", "zh": "形状"},
    "wn_col_reads": {"en": "multiplies", "zh": "乘以"},
    "wn_uwv_screen": {"en": "**The model on screen**: {kind}, input {m}, hidden {n}",
                      "zh": "**当前的模型**：{kind}，输入 {m}，隐藏 {n}"},
    "wn_uwv_course": {"en": "**The course's example**: input 2, hidden 5, output 3",
                      "zh": "**课程中的例子**：输入 2，隐藏 5，输出 3"},
    "wn_no_head": {"en": "This model has no Linear readout, so no V: give it a head on the Build page.",
                   "zh": "这个模型没有线性输出层，所以没有 V：可在“搭建模型”页为它加上输出层。"},
    "pc_title": {"en": "LSTM({m}, {n}) tensor by tensor: m = {m} inputs, n = {n} hidden units",
                 "zh": "LSTM({m}, {n}) 逐个张量：m = {m} 个输入，n = {n} 个隐藏单元"},
    "pc_tensor": {"en": "tensor", "zh": "张量"},
    "pc_shape": {"en": "shape", "zh": "形状"},
    "pc_count": {"en": "count", "zh": "数量"},
    "pc_meaning": {"en": "meaning", "zh": "含义"},
    "pc_layer_line": {"en": "LSTM layer: {wih:,} + {whh:,} + {b} + {b} = 4n(m + n + 2) = 4·{n}·({m} + {n} + 2) = "
                            "**{total:,}**",
                      "zh": "LSTM 层：{wih:,} + {whh:,} + {b} + {b} = 4n(m + n + 2) = 4·{n}·({m} + {n} + 2) = "
                            "**{total:,}**"},
    "pc_head_line": {"en": "Linear({fan_in}, {out}): {out}·{fan_in} + {out} = {w} + {b} = **{total:,}**",
                     "zh": "Linear({fan_in}, {out})：{out}·{fan_in} + {out} = {w} + {b} = **{total:,}**"},
    "pc_total_line": {"en": "Total: {lstm:,} + {head:,} = **{total:,}**; torch's own count, "
                            "sum(p.numel() for p in model.parameters()): **{torch:,}**",
                      "zh": "合计：{lstm:,} + {head:,} = **{total:,}**；torch 自己的统计 "
                            "sum(p.numel() for p in model.parameters())：**{torch:,}**"},
    "pc_course_title": {"en": "The course's formula 4(n + 1)(m + n) is not the count",
                        "zh": "课程给出的公式 4(n + 1)(m + n) 并不是参数数量"},
    "pc_course_numbers": {"en": "With m = {m} and n = {n}: 4({n} + 1)({m} + {n}) = **{course:,}**, but the LSTM "
                                "has **{correct:,}** parameters (torch agrees) — a difference of {difference}.",
                          "zh": "当 m = {m}、n = {n} 时：4({n} + 1)({m} + {n}) = **{course:,}**，但该 LSTM 实际有 "
                                "**{correct:,}** 个参数（torch 的统计与此一致）——相差 {difference}。"},
    "pc_algebra": {"en": "| formula | expanded | m = {m}, n = {n} |\n|---|---|---|\n"
                         "| torch: 4n(m + n + 2) | 4nm + 4n² + **8n** | {weight_ih:,} + {weight_hh:,} + "
                         "**{torch_biases}** = {correct:,} |\n"
                         "| course: 4(n + 1)(m + n) | 4nm + 4n² + **4(m + n)** | {weight_ih:,} + {weight_hh:,} + "
                         "**{course_extra}** = {course:,} |\n"
                         "| one bias per unit: 4n(m + n + 1) | 4nm + 4n² + **4n** | {weight_ih:,} + {weight_hh:,} + "
                         "**{one_bias}** = {one_bias_count:,} |\n\n"
                         "torch − course = 8n − 4(m + n) = 4(n − m) = 4·({n} − {m}) = **{difference}**",
                   "zh": "| 公式 | 展开 | m = {m}，n = {n} |\n|---|---|---|\n"
                         "| torch：4n(m + n + 2) | 4nm + 4n² + **8n** | {weight_ih:,} + {weight_hh:,} + "
                         "**{torch_biases}** = {correct:,} |\n"
                         "| 课程：4(n + 1)(m + n) | 4nm + 4n² + **4(m + n)** | {weight_ih:,} + {weight_hh:,} + "
                         "**{course_extra}** = {course:,} |\n"
                         "| 每个单元一个偏置：4n(m + n + 1) | 4nm + 4n² + **4n** | {weight_ih:,} + {weight_hh:,} + "
                         "**{one_bias}** = {one_bias_count:,} |\n\n"
                         "torch − 课程 = 8n − 4(m + n) = 4(n − m) = 4·({n} − {m}) = **{difference}**"},
    "pc_why": {"en": "Both count the weights correctly: 4nm from the input (weight_ih, 4n × m) and 4n² recurrent "
                     "(weight_hh, 4n × n). They differ in the last term. torch keeps **two** bias vectors per "
                     "layer, bias_ih and bias_hh, each with one number per gate unit: 2 × 4n = 8n. The course's "
                     "formula adds 4(m + n) instead: one number per gate block for every *input connection* — no "
                     "such parameters exist; its \"+ 1\" sits on the wrong factor. On the right factor, "
                     "4n(m + n + 1) counts one bias per unit (the textbook and Keras convention, {one_bias_count:,} "
                     "here); torch's second bias makes it 4n(m + n + 2). The course's formula gives torch's number "
                     "only by accident, when m = n.",
               "zh": "两个公式对权重的计数都是对的：来自输入的 4nm（weight_ih，4n × m）和循环的 4n²（weight_hh，"
                     "4n × n）。区别在最后一项。torch 每层有**两个**偏置向量 bias_ih 和 bias_hh，每个门单元各一个数："
                     "2 × 4n = 8n。课程的公式却加上了 4(m + n)：每个门块对每个*输入连接*各加一个数——这样的参数"
                     "并不存在；它的“+ 1”放错了因子。放在正确的因子上，4n(m + n + 1) 表示每个单元一个偏置"
                     "（教科书和 Keras 的做法，这里是 {one_bias_count:,}）；torch 多一个偏置，所以是 4n(m + n + 2)。"
                     "课程的公式只有在 m = n 时才碰巧得到 torch 的数。"},
    "pc_calc_title": {"en": "Calculator: the formula against torch", "zh": "计算器：公式与 torch 对照"},
    "pc_kind": {"en": "module", "zh": "模块"},
    "pc_m": {"en": "input_size m", "zh": "输入维度 m"},
    "pc_n": {"en": "hidden_size n", "zh": "隐藏单元 n"},
    "pc_by_formula": {"en": "by the formula", "zh": "按公式"},
    "pc_by_torch": {"en": "torch: sum(p.numel())", "zh": "torch：sum(p.numel())"},
    "pc_agree": {"en": "agree", "zh": "一致"},
    "pc_calc_course": {"en": "The course's 4(n + 1)(m + n) would say {course:,} (off by {diff:,}).",
                       "zh": "课程的 4(n + 1)(m + n) 会得到 {course:,}（相差 {diff:,}）。"},
    "enc_title": {"en": "Words as vectors", "zh": "把词变成向量"},
    "enc_vocab": {"en": "Vocabulary (the 1-of-N dimensions, in order)", "zh": "词表（1-of-N 的各个维度，按顺序）"},
    "enc_words": {"en": "Words to encode", "zh": "要编码的词"},
    "enc_empty": {"en": "Type a vocabulary and some words.", "zh": "请输入词表和一些词。"},
    "enc_bad": {"en": "Those words cannot be encoded: {error}", "zh": "无法对这些词编码：{error}"},
    "enc_word": {"en": "word", "zh": "词"},
    "enc_trigram": {"en": "trigram", "zh": "三元组"},
    "enc_index": {"en": "index", "zh": "维度序号"},
    "enc_count": {"en": "count", "zh": "次数"},
    "enc_one_hot": {"en": "1-of-N encoding ({n} dimensions)", "zh": "1-of-N 编码（{n} 维）"},
    "enc_no_row": {"en": "Not in the vocabulary, so 1-of-N has no row for: {words}",
                   "zh": "不在词表中，1-of-N 无法表示：{words}"},
    "enc_other": {"en": "1-of-N with an “other” dimension ({n} dimensions)", "zh": "带“其他”维度的 1-of-N（{n} 维）"},
    "enc_other_col": {"en": "⟨other⟩", "zh": "⟨其他⟩"},
    "enc_other_note": {"en": "Every unknown word gets the same vector: the network cannot tell them apart.",
                       "zh": "所有未知词得到同一个向量：网络无法区分它们。"},
    "enc_boundary": {"en": "mark word boundaries with #", "zh": "用 # 标记词的边界"},
    "enc_boundary_help": {"en": "On: # is a 27th symbol, 27³ = 19,683 dimensions. Off: letters only, 26³ = 17,576 "
                                "dimensions, and words shorter than 3 letters get no trigram.",
                          "zh": "打开：# 作为第 27 个符号，共 27³ = 19,683 维。关闭：只用字母，共 26³ = 17,576 维，"
                                "少于 3 个字母的词没有三元组。"},
    "enc_trigrams": {"en": "Word hashing: letter trigrams ({dims:,} dimensions; only the non-zero ones are listed)",
                     "zh": "词哈希：字母三元组（共 {dims:,} 维；只列出非零的维度）"},
    "enc_no_letters": {"en": "no trigrams — an all-zero vector", "zh": "没有三元组——全零向量"},
    "enc_trigram_index_27": {"en": "index = 729·s₁ + 27·s₂ + s₃ with # = 0, a = 1, …, z = 26. Words are lowercased, "
                                   "accents removed (é → e), other characters (digits, punctuation) dropped.",
                             "zh": "序号 = 729·s₁ + 27·s₂ + s₃，其中 # = 0，a = 1，…，z = 26。词先转为小写、去掉重音"
                                   "（é → e），其他字符（数字、标点）被丢弃。"},
    "enc_trigram_index_26": {"en": "index = 676·s₁ + 26·s₂ + s₃ with a = 0, …, z = 25. Words are lowercased, "
                                   "accents removed (é → e), other characters (digits, punctuation) dropped.",
                             "zh": "序号 = 676·s₁ + 26·s₂ + s₃，其中 a = 0，…，z = 25。词先转为小写、去掉重音"
                                   "（é → e），其他字符（数字、标点）被丢弃。"},
    "sf_title": {"en": "Train it: a tagger with memory and one without", "zh": "训练看看：有记忆和没有记忆的标注器"},
    "sf_lead": {"en": "Both are the same small network — one-hot words (with “other”) → {hidden} tanh units → softmax "
                      "over the slots — trained for {epochs} epochs on the same {n} sentences. The Elman RNN reads "
                      "whole sentences; the feed-forward tagger is that network with its recurrent weights set to 0, "
                      "trained word by word, so it sees each word alone.",
                "zh": "两者是同一个小网络——one-hot 词向量（含“其他”）→ {hidden} 个 tanh 单元 → 各槽位的 softmax——"
                      "在同样的 {n} 个句子上训练 {epochs} 轮。Elman RNN 读入整个句子；前馈标注器就是把循环权重设为 0 "
                      "的同一个网络，逐词训练，所以它每次只看到一个词。"},
    "sf_data": {"en": "The {n} training sentences and their slots", "zh": "{n} 个训练句子及其槽位"},
    "sf_sentence_col": {"en": "sentence", "zh": "句子"},
    "sf_labels_col": {"en": "slot of each word", "zh": "每个词的槽位"},
    "sf_model_col": {"en": "tagger", "zh": "标注器"},
    "sf_best_col": {"en": "most likely", "zh": "最可能"},
    "sf_seed": {"en": "initial weights (seed)", "zh": "初始权重（随机种子）"},
    "sf_seed_help": {"en": "Train again from other random initial weights: the RNN still separates the two Taipeis, "
                           "the feed-forward tagger never can.",
                     "zh": "从另一组随机初始权重重新训练：RNN 仍能区分两个 Taipei，前馈标注器永远做不到。"},
    "sf_training": {"en": "Training both taggers…", "zh": "正在训练两个标注器……"},
    "sf_losses": {"en": "Final training loss (cross-entropy per word): RNN {rnn:.4f}, feed-forward {ff:.4f} — the "
                        "feed-forward tagger cannot go lower, because the same word has different slots. Trained in "
                        "{seconds:.1f} s.",
                  "zh": "最终训练损失（每个词的交叉熵）：RNN {rnn:.4f}，前馈 {ff:.4f}——前馈标注器无法再降低，因为同一个词"
                        "有不同的槽位。训练用时 {seconds:.1f} 秒。"},
    "sf_sentence": {"en": "Sentence {k}", "zh": "句子 {k}"},
    "sf_words_needed": {"en": "Type a sentence of 1 to 30 words.", "zh": "请输入 1 到 30 个词的句子。"},
    "sf_rnn": {"en": "Elman RNN (remembers the words before)", "zh": "Elman RNN（记得前面的词）"},
    "sf_ff": {"en": "Feed-forward (each word alone)", "zh": "前馈网络（孤立地看每个词）"},
    "sf_rnn_short": {"en": "RNN", "zh": "RNN"},
    "sf_ff_short": {"en": "feed-forward", "zh": "前馈"},
    "sf_unknown": {"en": "Not in the training sentences, so encoded as “other”: {words}",
                   "zh": "不在训练句子中，编码为“其他”：{words}"},
    "sf_focus": {"en": "“{word}” in each sentence", "zh": "各句中的 “{word}”"},
    "sf_focus_note": {"en": "The feed-forward tagger's rows for “{word}” are identical: same input vector, same "
                            "output. Only the RNN's memory of the earlier words can move them apart.",
                      "zh": "前馈标注器对 “{word}” 的两行完全相同：输入向量相同，输出就相同。只有 RNN 对前面词语的记忆"
                            "才能把它们区分开。"},
    # lesson 12: gradients through time (rnnviz/ui/lesson_views/gradients.py)
    "grad_abs_h": {"en": "|h_t| (log scale)", "zh": "|h_t|（对数坐标）"},
    "grad_norm_x": {"en": "‖∂L/∂x_t‖ (log scale)", "zh": "‖∂L/∂x_t‖（对数坐标）"},
    "grad_norm_h": {"en": "‖∂L/∂h_t‖ (log scale)", "zh": "‖∂L/∂h_t‖（对数坐标）"},
    "grad_underflow_at": {"en": "float64 reads 0 from step {step}", "zh": "float64 从第 {step} 步起为 0"},
    "grad_w_axis": {"en": "recurrent weight w", "zh": "循环权重 w"},
    "grad_u_axis": {"en": "input weight u", "zh": "输入权重 u"},
    "grad_log_loss": {"en": "log₁₀ loss", "zh": "log₁₀ 损失"},
    "grad_start": {"en": "start", "zh": "起点"},
    "grad_thrown": {"en": "thrown to (w, u) = ({w:.3g}, {u:.3g})", "zh": "被甩到 (w, u) = ({w:.3g}, {u:.3g})"},
    "grad_iteration": {"en": "gradient-descent step", "zh": "梯度下降步数"},
    "grad_loss_axis": {"en": "loss (log scale)", "zh": "损失（对数坐标）"},
    "grad_repeat_title": {"en": "1 · One linear unit, the same weight {n} times: the output at step {steps} is w{power}",
                          "zh": "1 · 一个线性单元，同一个权重乘 {n} 次：第 {steps} 步的输出是 w{power}"},
    "grad_w_follows": {"en": "w = {w}: the explorer's weight. Choose another beside the diagram or one of the "
                             "course's values:",
                       "zh": "w = {w}：即上方逐步运行器中的权重。可在结构图旁修改，或选择课程中的取值："},
    "grad_output_run": {"en": "output at step {steps} (the recurrence run in float64)",
                        "zh": "第 {steps} 步的输出（以 float64 实际运行递推）"},
    "grad_output_exact": {"en": "w{power} exactly (decimal arithmetic)", "zh": "w{power} 的精确值（十进制运算）"},
    "grad_underflow_note": {"en": "The float64 run reads exactly 0 from step {step} on: the true value, {exact}, is far "
                                  "below the smallest number float64 can hold (≈ 4.9e-324). The app shows 0 because "
                                  "the computer computes 0 — and so would a network's gradient.",
                            "zh": "以 float64 运行时，从第 {step} 步起结果恰好为 0：真实值 {exact} 远小于 float64 "
                                  "能表示的最小数（≈ 4.9e-324）。这里显示 0，是因为计算机算出来的就是 0——"
                                  "网络中的梯度也会如此。"},
    "grad_col_course": {"en": "the course says", "zh": "课程给出的值"},
    "grad_col_exact": {"en": "w{power} exactly", "zh": "w{power} 精确值"},
    "grad_col_run": {"en": "float64 run", "zh": "float64 运行结果"},
    "grad_flow_title": {"en": "2 · How far back does the gradient reach? Elman RNN, GRU and LSTM on the same input",
                        "zh": "2 · 梯度能向前传多远？Elman RNN、GRU 与 LSTM 读取同一个输入"},
    "grad_flow_setup": {"en": "Each network reads the same {steps}-step random sequence ({input_size} inputs, "
                              "{hidden} hidden units, torch's default initialisation, seed {seed}). The loss is the sum "
                              "of the last step's h; each line is the size of its gradient with respect to the input "
                              "at step t, found by backpropagation through time.",
                        "zh": "每个网络读取同一个 {steps} 步的随机序列（{input_size} 个输入、{hidden} 个隐藏单元、"
                              "torch 默认初始化、随机种子 {seed}）。损失为最后一步 h 的总和；每条线是损失对第 t 步"
                              "输入的梯度大小，由随时间反向传播（BPTT）求得。"},
    "grad_gain": {"en": "recurrent weights (weight_hh) × ", "zh": "循环权重（weight_hh）× "},
    "grad_gain_help": {"en": "1 is torch's default initialisation; larger factors make the same weight, applied again "
                             "and again, bigger than 1 in effect, and the RNN's gradient explodes.",
                       "zh": "1 即 torch 的默认初始化；放大后，这个被反复使用的权重实际大于 1，RNN 的梯度便会爆炸。"},
    "grad_kind_rnn": {"en": "Elman RNN (tanh)", "zh": "Elman RNN（tanh）"},
    "grad_kind_gru": {"en": "GRU", "zh": "GRU"},
    "grad_kind_lstm": {"en": "LSTM (default init)", "zh": "LSTM（默认初始化）"},
    "grad_kind_lstm_open": {"en": "LSTM, forget bias {bias}", "zh": "LSTM，遗忘门偏置 {bias}"},
    "grad_reach_short": {"en": "step 1 / last:", "zh": "第 1 步 / 最后一步："},
    "grad_reach_caption": {"en": "The number after each name is the gradient at step 1 divided by the gradient at step "
                                 "{steps}: 1e-20 means the first input no longer changes the loss at all in practice.",
                           "zh": "名称后面的数是第 1 步的梯度除以第 {steps} 步的梯度：1e-20 意味着第一个输入实际上"
                                 "已经完全影响不到损失。"},
    "grad_surface_title": {"en": "3 · The loss surface is rough: plateaus and a cliff, and what clipping does",
                           "zh": "3 · 损失曲面很崎岖：平原与悬崖，以及梯度裁剪的作用"},
    "grad_surface_setup": {"en": "One tanh unit, h_t = tanh(w·h_(t-1) + u·x_t), input x_t = 1 at every step, "
                                 "h_0 = {h0}, {steps} steps; the loss is (h_{steps} − ({target}))². Both descents start "
                                 "at the star with the same learning rate; one clips the gradient's norm.",
                           "zh": "一个 tanh 单元，h_t = tanh(w·h_(t-1) + u·x_t)，每一步输入 x_t = 1，h_0 = {h0}，共 "
                                 "{steps} 步；损失为 (h_{steps} − ({target}))²。两次梯度下降都从星号出发、学习率相同；"
                                 "其中一次裁剪梯度的范数。"},
    "grad_start_w": {"en": "start w", "zh": "起点 w"},
    "grad_start_u": {"en": "start u", "zh": "起点 u"},
    "grad_lr": {"en": "learning rate", "zh": "学习率"},
    "grad_clip": {"en": "clip the gradient's norm at", "zh": "梯度范数裁剪阈值"},
    "grad_clip_help": {"en": "As torch.nn.utils.clip_grad_norm_: a gradient longer than this is scaled down to this "
                             "length; its direction is kept.",
                       "zh": "与 torch.nn.utils.clip_grad_norm_ 相同：比阈值长的梯度被按比例缩短到阈值，方向不变。"},
    "grad_path_free": {"en": "no clipping", "zh": "不裁剪"},
    "grad_path_clipped": {"en": "clipped at {clip}", "zh": "裁剪阈值 {clip}"},
    "grad_col_longest": {"en": "longest step", "zh": "最长的一步"},
    "grad_col_at": {"en": "at step", "zh": "发生在第几步"},
    "grad_col_biggest_grad": {"en": "largest gradient norm", "zh": "最大梯度范数"},
    "grad_col_final_loss": {"en": "final loss", "zh": "最终损失"},
    "grad_col_end": {"en": "ends at (w, u)", "zh": "终点 (w, u)"},
    "grad_forget_title": {"en": "4 · Why the forget gate's bias matters", "zh": "4 · 为什么遗忘门的偏置很重要"},
    "grad_forget_line": {"en": "LSTM, forget bias {bias}", "zh": "LSTM，遗忘门偏置 {bias}"},
    "grad_col_bias": {"en": "forget bias", "zh": "遗忘门偏置"},
    "grad_col_mean_f": {"en": "mean forget gate f", "zh": "遗忘门 f 的平均值"},
    "grad_col_reach": {"en": "step 1 ÷ step {steps}", "zh": "第 1 步 ÷ 第 {steps} 步"},
    "grad_forget_caption": {"en": "Same LSTM, same input as above; only the forget gate's bias differs (bias_ih's f "
                                  "rows set to it, bias_hh's to 0). The cell keeps about f of itself per step, so the "
                                  "gradient along the cell shrinks roughly like f per step: open gates carry it far.",
                            "zh": "与上面相同的 LSTM 和输入，只改变遗忘门的偏置（bias_ih 中 f 对应的行设为该值，bias_hh "
                                  "中设为 0）。细胞每一步大约保留自身的 f 倍，所以沿细胞传回的梯度每步大约乘以 f："
                                  "门开得越大，梯度传得越远。"},
    # import / export (pages/import_export.py, rnnviz/ui/import_export.py)
    "page_import_export": {"en": "Import / Export", "zh": "导入 / 导出"},
    "ie_title": {"en": "Import / Export: bring your own model, take your work away",
                 "zh": "导入 / 导出：带来你的模型，带走你的成果"},
    "ie_import_title": {"en": "Import a PyTorch checkpoint", "zh": "导入 PyTorch 检查点"},
    "ie_import_help": {"en": "A .pt/.pth file saved with torch.save(model.state_dict(), path), or a .safetensors "
                             "file, from an nn.LSTM, nn.GRU or nn.RNN, optionally with an nn.Embedding in front and "
                             "an nn.Linear head, at the top level or inside a model (lstm., model.rnn., "
                             "{\"model_state_dict\": ...}). Nothing in the file is run: only tensors are read "
                             "(torch.load with weights_only=True; safetensors holds nothing else), at most 20 MB.",
                       "zh": "用 torch.save(model.state_dict(), path) 保存的 .pt/.pth 文件或 .safetensors 文件，来自 "
                             "nn.LSTM、nn.GRU 或 nn.RNN，前面可带一个 nn.Embedding，后面可带一个 nn.Linear 输出层；"
                             "权重可以在顶层，也可以在模型内部（lstm.、model.rnn.、{\"model_state_dict\": ...}）。"
                             "文件中的任何代码都不会运行：只读取张量（torch.load 使用 weights_only=True；safetensors "
                             "文件本身只含张量），最大 20 MB。"},
    "ie_upload": {"en": "Checkpoint (.pt / .pth / .safetensors)", "zh": "检查点文件（.pt / .pth / .safetensors）"},
    "ie_refused": {"en": "{name} was not loaded: {error}", "zh": "未加载 {name}：{error}"},
    "ie_choice_failed": {"en": "Those choices do not fit the file: {error}", "zh": "这些选择与文件不符：{error}"},
    "ie_not_loaded": {"en": "The model was not loaded (your session is unchanged): {error}",
                      "zh": "模型未加载（当前会话没有任何改变）：{error}"},
    "ie_found": {"en": "{name}: {kind}. This is what its tensors say:",
                 "zh": "{name}：{kind}。从张量中读出的信息如下："},
    "ie_from_rnnviz": {"en": "Exported from rnnviz: every setting was saved with the weights.",
                       "zh": "由 rnnviz 导出：所有设置都随权重一起保存。"},
    "ie_setting": {"en": "setting", "zh": "设置"},
    "ie_value": {"en": "value", "zh": "值"},
    "ie_evidence": {"en": "read from", "zh": "依据"},
    "ie_not_in_file": {"en": "not in the file: please confirm", "zh": "文件中没有：请确认"},
    "ie_saved_by_rnnviz": {"en": "saved by rnnviz", "zh": "由 rnnviz 保存"},
    "ie_several": {"en": "the file holds several: choose one", "zh": "文件中有多个：请选择一个"},
    "ie_no_head": {"en": "no Linear layer fits", "zh": "没有匹配的 Linear 层"},
    "ie_embedding": {"en": "Embedding (token ids in)", "zh": "嵌入层（输入为词元编号）"},
    "ie_embedding_help": {"en": "An nn.Embedding in front of the recurrent module: the network then reads token ids, "
                                "and row id of this table is what the first layer reads. Without it, it reads "
                                "vectors of input_size.",
                          "zh": "循环模块前面的 nn.Embedding：网络于是读取词元编号，表中该编号的那一行就是第一层读到的"
                                "输入。不用它时，网络读取长度为 input_size 的向量。"},
    "ie_no_embedding": {"en": "none: reads vectors", "zh": "无：读取向量"},
    "ie_yes": {"en": "yes", "zh": "是"},
    "ie_no": {"en": "no", "zh": "否"},
    "ie_module": {"en": "Recurrent module", "zh": "循环模块"},
    "ie_module_help": {"en": "The file holds more than one recurrent layer; rnnviz shows one network at a time.",
                       "zh": "文件中有多个循环层；rnnviz 一次只显示一个网络。"},
    "ie_top_level": {"en": "(top level)", "zh": "（顶层）"},
    "ie_confirm_title": {"en": "Confirm what the file cannot say", "zh": "确认文件中没有记录的内容"},
    "ie_confirm_help": {"en": "A state dict stores tensors only: what they cannot tell is asked here. Check it "
                              "against the model's code (e.g. nn.RNN(nonlinearity=...), how forward() uses the head).",
                        "zh": "state dict 只保存张量：张量无法说明的内容在这里询问。请对照模型代码确认（例如 "
                              "nn.RNN(nonlinearity=...)，以及 forward() 如何使用输出层）。"},
    "ie_head_help": {"en": "The Linear layer that reads the recurrent output (its in_features fit); or none.",
                     "zh": "读取循环层输出的 Linear 层（其 in_features 相符）；也可以不用。"},
    "ie_nonlinearity_help": {"en": "nn.RNN's nonlinearity is an argument, not a tensor: the file cannot say it.",
                             "zh": "nn.RNN 的 nonlinearity 是构造参数而不是张量：文件中没有记录。"},
    "ie_head_activation": {"en": "head activation", "zh": "输出层激活函数"},
    "ie_head_activation_help": {"en": "What forward() applies after the Linear layer (softmax for classes, sigmoid "
                                      "for yes/no, nothing for numbers).",
                                "zh": "forward() 在 Linear 层之后使用的函数（分类用 softmax，是/否用 sigmoid，"
                                      "数值预测则不用）。"},
    "ie_every_help": {"en": "On: the head reads h at every step (many-to-many). Off: only the last step, as in "
                            "self.linear(out[:, -1]) (many-to-one).",
                      "zh": "开启：输出层在每一步读取 h（多对多）。关闭：只读取最后一步，例如 "
                            "self.linear(out[:, -1])（多对一）。"},
    "ie_variants": {"en": "rnnviz's own variants", "zh": "rnnviz 自带的变体"},
    "ie_variants_help": {"en": "Only for weights of rnnviz's LSTM variants saved without their settings: torch.nn "
                               "always uses tanh, and a 3-block file from torch is a GRU.",
                         "zh": "仅适用于未保存设置的 rnnviz LSTM 变体权重：torch.nn 总是使用 tanh，"
                               "来自 torch 的 3 块文件就是 GRU。"},
    "ie_use": {"en": "Use this model", "zh": "使用此模型"},
    "ie_loaded": {"en": "Loaded: {kind} with {count:,} parameters. It is now your model on every page.",
                  "zh": "已加载：{kind}，共 {count:,} 个参数。现在它就是各个页面上的模型。"},
    "ie_sequence_replaced": {"en": "The previous input sequence did not fit this model's input_size, so a sine wave "
                                   "is fed instead; choose another on Step through.",
                             "zh": "之前的输入序列与该模型的 input_size 不符，已改为正弦波；可在“逐步运行”中另选输入。"},
    "ie_export_title": {"en": "Export", "zh": "导出"},
    "ie_export_lead": {"en": "Your current model: {kind}, {count:,} parameters, with the current input sequence.",
                       "zh": "当前模型：{kind}，共 {count:,} 个参数，以及当前的输入序列。"},
    "ie_weights_title": {"en": "Weights as a PyTorch state dict", "zh": "以 PyTorch state dict 保存权重"},
    "ie_download_pt": {"en": "Download the weights (.pt)", "zh": "下载权重（.pt）"},
    "ie_pt_help": {"en": "torch's own names, so it loads straight into the torch module; a head sits under "
                         "\"head.\":",
                   "zh": "使用 torch 自己的参数名，可直接加载到 torch 模块中；输出层的参数以 \"head.\" 开头："},
    "ie_pt_variant_help": {"en": "torch.nn has no module for a {kind}; the file opens again in rnnviz (here, or in "
                                 "Python):",
                           "zh": "torch.nn 中没有 {kind} 模块；该文件可再次在 rnnviz 中打开（在此页面或在 Python 中）："},
    "ie_script_title": {"en": "A runnable PyTorch script", "zh": "可运行的 PyTorch 脚本"},
    "ie_script_style": {"en": "The script builds the model from", "zh": "脚本搭建模型的方式"},
    "ie_style_modules": {"en": "torch.nn modules", "zh": "torch.nn 模块"},
    "ie_style_equations": {"en": "the equations, written out", "zh": "逐条写出的公式"},
    "ie_download_py": {"en": "Download the script (.py)", "zh": "下载脚本（.py）"},
    "ie_script_help": {"en": "It rebuilds the model, feeds the current sequence ({steps} steps) and prints h (and c, "
                             "y) at every step: the numbers rnnviz shows. It needs only PyTorch; large models load "
                             "{file} from the same folder.",
                       "zh": "脚本会重建模型，输入当前序列（{steps} 步），并打印每一步的 h（以及 c、y）："
                             "与 rnnviz 显示的数值相同。只需要 PyTorch；大模型会从同一文件夹读取 {file}。"},
    "ie_script_too_long": {"en": "The sequence has {count:,} numbers; a script embeds at most {limit:,}. Shorten it "
                                 "on Step through.",
                           "zh": "该序列有 {count:,} 个数；脚本最多内嵌 {limit:,} 个。请在“逐步运行”中缩短序列。"},
    "ie_trace_title": {"en": "The trace (every recorded value)", "zh": "运行记录（所有数值）"},
    "ie_trace_help": {"en": "One row per value: layer, direction, batch, t, unit, quantity, value.",
                      "zh": "每行一个数值：层、方向、批次、时间步 t、单元、量、值。"},
    "ie_link_title": {"en": "A link to this exact view", "zh": "指向当前视图的链接"},
    "ie_figures_title": {"en": "Figures", "zh": "图表"},
    "ie_figures_help": {"en": "Every chart has a toolbar (top right, when the pointer is over it): the camera saves "
                              "a PNG, the disk an SVG.",
                        "zh": "每个图表右上角都有工具栏（鼠标悬停时出现）：相机图标保存 PNG，磁盘图标保存 SVG。"},
    # worked training examples (lessons 9-11: rnnviz/ui/lesson_views/worked_examples.py)
    "we_training": {"en": "Training {model}: epoch {epoch} of {epochs}", "zh": "正在训练 {model}：第 {epoch} / {epochs} 轮"},
    "we_train_both": {"en": "Train both models", "zh": "训练两个模型"},
    "we_press_train": {"en": "Press the button to train both models here (a few seconds; about 15 for the digits "
                             "read pixel by pixel). A class pressing it at once trains them once; each session "
                             "keeps its own copy of the weights.",
                       "zh": "点击按钮在此训练两个模型（几秒钟；逐像素读取的数字约需 15 秒）。全班同时点击也只训练一次；"
                             "每个会话保存自己的一份权重。"},
    "we_seconds": {"en": "Training took {times}.", "zh": "训练用时：{times}。"},
    "we_epoch": {"en": "epoch", "zh": "训练轮次"},
    "we_epochs": {"en": "Epochs", "zh": "训练轮数"},
    "we_loss": {"en": "loss (cross-entropy)", "zh": "损失（交叉熵）"},
    "we_train_accuracy": {"en": "training accuracy", "zh": "训练准确率"},
    "we_model": {"en": "Model", "zh": "模型"},
    "we_unit": {"en": "unit", "zh": "单元"},
    "we_show_stepper": {"en": "Show it in the explorer above", "zh": "在上方的逐步运行器中查看"},
    "we_poem_title": {"en": "Train the character model on the poem", "zh": "在诗上训练字符模型"},
    "we_poem_lead": {"en": "The course's recipe: one-hot characters, hidden size 12, one layer, Adam lr 0.01, "
                           "{epochs} epochs on all eight lines at once (full batch), cross-entropy at every step. "
                           "The RNN and an LSTM of the same size train on the same data from the same seed.",
                     "zh": "课程中的设置：one-hot 字符，隐藏层大小 12，一层，Adam 学习率 0.01，八句诗一起训练（全批量）"
                           "{epochs} 轮，每一步计算交叉熵。同样大小的 RNN 和 LSTM 在同样的数据上、用同样的随机种子训练。"},
    "we_first_char": {"en": "first character", "zh": "首字"},
    "we_generated": {"en": "{model} continues", "zh": "{model} 续写"},
    "we_poem_line": {"en": "the poem", "zh": "原诗"},
    "we_greedy": {"en": "Greedy generation: feed the first character, then always the most likely next one",
                  "zh": "贪心生成：输入首字，之后每步都取最可能的下一个字"},
    "we_poem_hidden": {"en": "The hidden state as a line is read", "zh": "读一句诗时的隐藏状态"},
    "we_poem_pick_line": {"en": "Line", "zh": "诗句"},
    "we_poem_heatmap": {"en": "{model}: h after each character of {line}", "zh": "{model}：读完 {line} 中每个字后的 h"},
    "we_m2m_title": {"en": "Train a per-step and a whole-sequence classifier", "zh": "训练逐步分类器与整序列分类器"},
    "we_m2m_lead": {"en": "Both: LSTM(6, 32) + Linear(32, 2), Adam lr 0.05, gradient norm clipped at 1.0, "
                          "cross-entropy, {epochs} epochs in minibatches of 100 over 2,000 generated windows; "
                          "accuracy on 500 other windows.",
                    "zh": "两者都是 LSTM(6, 32) + Linear(32, 2)，Adam 学习率 0.05，梯度范数裁剪到 1.0，交叉熵，"
                          "在 2,000 个生成的窗口上以 100 为小批量训练 {epochs} 轮；在另外 500 个窗口上测准确率。"},
    "we_m2m_per_step": {"en": "per step (many-to-many)", "zh": "逐步（多对多）"},
    "we_m2m_whole": {"en": "whole sequence (many-to-one)", "zh": "整序列（多对一）"},
    "we_m2m_acc_steps": {"en": "Per-step model, all 5 steps", "zh": "逐步模型，全部 5 步"},
    "we_m2m_acc_last": {"en": "Per-step model, last step only", "zh": "逐步模型，仅最后一步"},
    "we_m2m_acc_whole": {"en": "Whole-sequence model", "zh": "整序列模型"},
    "we_m2m_window": {"en": "Test window", "zh": "测试窗口"},
    "we_m2m_step": {"en": "step", "zh": "步"},
    "we_m2m_feature0": {"en": "feature 0", "zh": "特征 0"},
    "we_m2m_running": {"en": "sum so far", "zh": "累计和"},
    "we_m2m_target": {"en": "label (sum > 0)", "zh": "标签（和 > 0）"},
    "we_m2m_p_steps": {"en": "per-step model: P(positive)", "zh": "逐步模型：P(正)"},
    "we_m2m_p_whole": {"en": "whole-sequence model: P(positive)", "zh": "整序列模型：P(正)"},
    "we_m2m_shapes": {"en": "For this one window, the per-step model's y has shape {steps} (batch, steps, classes); "
                            "the whole-sequence model's y has shape {whole}: its head reads only output[:, -1, :].",
                      "zh": "对这一个窗口，逐步模型的 y 形状为 {steps}（批量、步数、类别）；整序列模型的 y 形状为 "
                            "{whole}：它的输出层只读取 output[:, -1, :]。"},
    "we_digits_title": {"en": "Train an LSTM and a vanilla RNN on the digits", "zh": "在手写数字上训练 LSTM 和普通 RNN"},
    "we_digits_lead_pixels": {"en": "Each image is read pixel by pixel: 64 steps of 1 value (row 0 left to right, then row 1, "
                                    "...); hidden size 64, Linear(64, 10) on the last step, Adam lr {lr}, minibatches "
                                    "of {batch}, {epochs} epochs over 1,347 training images; tested on the other 450.",
                              "zh": "每张图逐像素读入：64 步，每步 1 个值（先从左到右读第 0 行，再读第 1 行……）；隐藏层大小 "
                                    "64，最后一步接 Linear(64, 10)，Adam 学习率 {lr}，小批量 {batch}，在 1,347 张训练图上训练 "
                                    "{epochs} 轮；在另外 450 张上测试。"},
    "we_digits_lead_rows": {"en": "Each image is read row by row: 8 steps of 8 pixels; hidden size 64, Linear(64, 10) on "
                                  "the last step, Adam lr {lr}, minibatches of {batch}, {epochs} epochs over 1,347 "
                                  "training images; tested on the other 450.",
                            "zh": "每张图逐行读入：8 步，每步 8 个像素；隐藏层大小 64，最后一步接 Linear(64, 10)，Adam 学习率 "
                                  "{lr}，小批量 {batch}，在 1,347 张训练图上训练 {epochs} 轮；在另外 450 张上测试。"},
    "we_digits_test": {"en": "{model}: test accuracy", "zh": "{model}：测试准确率"},
    "we_digits_train_acc": {"en": "Training accuracy in the last epoch: {acc}", "zh": "最后一轮的训练准确率：{acc}"},
    "we_digits_read_rows": {"en": "One test digit, row by row, through the trained LSTM",
                            "zh": "训练好的 LSTM 逐行读入一个测试数字"},
    "we_digits_read_pixels": {"en": "One test digit, pixel by pixel, through the trained LSTM",
                              "zh": "训练好的 LSTM 逐像素读入一个测试数字"},
    "we_digits_pick": {"en": "Test image", "zh": "测试图像"},
    "we_digits_row": {"en": "row = step", "zh": "行 = 步"},
    "we_digits_row_pixels": {"en": "row r: steps 8r to 8r + 7", "zh": "第 r 行：第 8r 到 8r + 7 步"},
    "we_digits_guess": {"en": "Label {label}; the LSTM says {guess}.", "zh": "标签 {label}；LSTM 判断为 {guess}。"},
    "we_digits_cell_state": {"en": "LSTM cell state c after each row", "zh": "读完每一行后 LSTM 的细胞状态 c"},
    "we_digits_cell_state_pixels": {"en": "LSTM cell state c after each pixel", "zh": "读完每个像素后 LSTM 的细胞状态 c"},
    # train page (rnnviz/ui/train_view.py)
    "page_train": {"en": "Train", "zh": "训练"},
    "train_title": {"en": "Train a network on a task", "zh": "在任务上训练网络"},
    "tr_task": {"en": "Task", "zh": "任务"},
    "task_text": {"en": "Next character of a text", "zh": "预测文本的下一个字符"},
    "task_text_help": {"en": "One-hot characters in, a softmax over the same characters out, at every step: the "
                             "network learns to continue the text.",
                       "zh": "每步输入一个字符的 one-hot 向量，输出对同一字符表的 softmax：网络学习续写文本。"},
    "task_sines": {"en": "Forecast a sum of sines", "zh": "预测正弦波之和"},
    "task_sines_help": {"en": "Read a wave one value at a time and predict the next value (mean squared error).",
                        "zh": "逐个读入波形的值，预测下一个值（均方误差）。"},
    "task_adding": {"en": "The adding problem", "zh": "加法问题"},
    "task_adding_help": {"en": "Each step brings a random number and a marker; at the end, output the sum of the two "
                               "marked numbers. Always answering 1.0 scores a mean squared error of about 0.167.",
                         "zh": "每步输入一个随机数和一个标记；最后输出两个被标记的数之和。总是回答 1.0 的均方误差约为 0.167。"},
    "task_copy": {"en": "Copy after a delay", "zh": "延迟后复述"},
    "task_copy_help": {"en": "Read a few symbols, wait through blank steps, then repeat the symbols in order: memory "
                             "across a gap.",
                       "zh": "读入几个符号，经过若干空白步后按顺序复述：跨越间隔的记忆。"},
    "task_anbn": {"en": "Counting: aⁿbⁿ", "zh": "计数：aⁿbⁿ"},
    "task_anbn_help": {"en": "Strings a…ab…b with as many b's as a's: to know when the b's end, the network has to "
                             "count. Only the predictable next symbols are scored.",
                       "zh": "形如 a…ab…b、b 与 a 一样多的字符串：要知道 b 何时结束，网络必须计数。只对可预测的下一个符号计分。"},
    "task_brackets_depth": {"en": "Counting: bracket depth", "zh": "计数：括号深度"},
    "task_brackets_depth_help": {"en": "Read brackets and letters; output how deeply nested the current position is.",
                                 "zh": "读入括号和字母；输出当前位置的嵌套深度。"},
    "task_digits": {"en": "Digits read row by row", "zh": "逐行读取手写数字"},
    "task_digits_help": {"en": "The shipped 8×8 handwritten digits, one row of 8 pixels per step; the class is read "
                               "out after the last row.",
                         "zh": "随应用提供的 8×8 手写数字，每步读入一行 8 个像素；读完最后一行后输出类别。"},
    "task_csv": {"en": "Your CSV", "zh": "你的 CSV"},
    "task_csv_help": {"en": "Rows are time steps, columns are features; pick the column to predict at every step.",
                      "zh": "每行是一个时间步，每列是一个特征；选择每步要预测的列。"},
    "tp_seq_len": {"en": "Steps per sequence", "zh": "每个序列的步数"},
    "tp_sequences": {"en": "Sequences", "zh": "序列数"},
    "tp_waves": {"en": "Sines summed", "zh": "叠加的正弦波数"},
    "tp_noise": {"en": "Noise", "zh": "噪声"},
    "tp_symbols": {"en": "Symbols", "zh": "符号数"},
    "tp_length": {"en": "Symbols to remember", "zh": "要记住的符号数"},
    "tp_delay": {"en": "Delay (steps)", "zh": "延迟（步）"},
    "tp_max_n": {"en": "Largest n", "zh": "最大 n"},
    "tp_max_depth": {"en": "Deepest nesting", "zh": "最大嵌套深度"},
    "tp_repeats": {"en": "Repeats", "zh": "重复次数"},
    "tr_data_seed": {"en": "Data seed", "zh": "数据随机种子"},
    "tr_data_seed_help": {"en": "Which random data the task draws (the same seed always gives the same data).",
                          "zh": "任务抽取哪一组随机数据（相同的种子总是得到相同的数据）。"},
    "tr_source": {"en": "Text", "zh": "文本"},
    "tr_source_poem": {"en": "The poem (lesson 9)", "zh": "诗（第 9 课）"},
    "tr_source_english": {"en": "English (Alice)", "zh": "英文（爱丽丝）"},
    "tr_source_brackets": {"en": "Bracket language", "zh": "括号语言"},
    "tr_source_pasted": {"en": "Paste your own", "zh": "粘贴自己的文本"},
    "tr_paste": {"en": "Your text", "zh": "你的文本"},
    "tr_paste_hint": {"en": "Paste a few hundred characters or more…", "zh": "粘贴几百个或更多字符……"},
    "tr_csv_upload": {"en": "Upload a CSV (header row, one row per step)", "zh": "上传 CSV（含表头，每行一步）"},
    "tr_csv_paste": {"en": "…or paste it here", "zh": "……或粘贴在这里"},
    "tr_csv_needed": {"en": "Upload or paste a CSV to train on it.", "zh": "上传或粘贴一个 CSV 即可在其上训练。"},
    "tr_csv_target": {"en": "Column to predict", "zh": "要预测的列"},
    "tr_csv_kind": {"en": "Target is", "zh": "目标类型"},
    "tr_csv_kind_auto": {"en": "decide for me", "zh": "自动判断"},
    "tr_csv_kind_regression": {"en": "a number", "zh": "数值"},
    "tr_csv_kind_classes": {"en": "a class", "zh": "类别"},
    "tr_bad_task": {"en": "This task cannot be built: {error}. Your trained runs are kept.",
                    "zh": "无法构建此任务：{error}。已训练的结果仍然保留。"},
    "tr_task_shape": {"en": "{B} sequences × {T} steps × {inputs} inputs; {out} outputs, loss {loss}, read out {where}.",
                      "zh": "{B} 个序列 × {T} 步 × {inputs} 个输入；{out} 个输出，损失 {loss}，{where}读出。"},
    "tr_test_split": {"en": " {n} more sequences are held out for testing.", "zh": "另有 {n} 个序列留作测试。"},
    "tr_every_step": {"en": "at every step", "zh": "每一步"},
    "tr_last_step": {"en": "at the last step", "zh": "最后一步"},
    "tr_model": {"en": "Model", "zh": "模型"},
    "tr_model_source": {"en": "Architecture", "zh": "结构"},
    "tr_model_here": {"en": "choose here", "zh": "在此选择"},
    "tr_model_build": {"en": "from the Build page", "zh": "来自“搭建模型”页"},
    "tr_model_from_build": {"en": "{cell}, hidden size {hidden}, {layers} layer(s), as on the Build page; the task "
                                  "sets input_size and the readout head.",
                            "zh": "{cell}，隐藏层大小 {hidden}，{layers} 层，与“搭建模型”页相同；输入大小和读出层由任务决定。"},
    "tr_settings": {"en": "Training", "zh": "训练设置"},
    "tr_optimizer": {"en": "Optimizer", "zh": "优化器"},
    "tr_lr": {"en": "Learning rate", "zh": "学习率"},
    "tr_epochs": {"en": "Epochs", "zh": "训练轮数"},
    "tr_batch": {"en": "Batch size (0 = all)", "zh": "批大小（0 = 全部）"},
    "tr_batch_help": {"en": "Sequences per update; 0 trains on all of them at once (full batch).",
                      "zh": "每次更新使用的序列数；0 表示一次使用全部序列（全批量）。"},
    "tr_clip": {"en": "Clip gradient norm (0 = off)", "zh": "梯度范数裁剪（0 = 关闭）"},
    "tr_clip_help": {"en": "Scale the gradient down when its norm is larger than this (torch's clip_grad_norm_).",
                     "zh": "梯度范数超过此值时按比例缩小（即 torch 的 clip_grad_norm_）。"},
    "tr_seed_help": {"en": "Initial weights and minibatch order: the same seed trains the same network.",
                     "zh": "决定初始权重和小批量顺序：相同的种子训练出相同的网络。"},
    "tr_bad_settings": {"en": "Training cannot start: {error}", "zh": "无法开始训练：{error}"},
    "tr_out_of_range": {"en": "{name} must be from {low:g} to {high:g}; {value:g} is out of range. Nothing trains "
                              "until it fits.",
                        "zh": "{name} 必须在 {low:g} 到 {high:g} 之间；{value:g} 超出范围。改好之前不会开始训练。"},
    "tr_diverged_at_once": {"en": "Run {label} diverged in its first epoch (the loss became NaN or infinite), so it "
                                  "has no curve to show. Lower the learning rate or turn on gradient clipping.",
                            "zh": "运行 {label} 在第一轮就发散了（损失变成 NaN 或无穷大），因此没有曲线可显示。"
                                  "请降低学习率或开启梯度裁剪。"},
    "tr_train": {"en": "Train", "zh": "训练"},
    "tr_compare": {"en": "Compare RNN, LSTM and GRU", "zh": "对比 RNN、LSTM 与 GRU"},
    "tr_compare_help": {"en": "Train all three with these settings, one after another, and draw their curves together.",
                        "zh": "用这些设置依次训练三种网络，并把它们的曲线画在一起。"},
    "tr_queued": {"en": "Waiting for a free trainer ({waiting} ahead of you)…", "zh": "正在等待空闲的训练器（前面还有 {waiting} 个）……"},
    "tr_queued_next": {"en": "Waiting for a free trainer: another run is training, yours is next…",
                       "zh": "正在等待空闲的训练器：另一个训练正在进行，下一个就是你的……"},
    "tr_finishing": {"en": "Finishing…", "zh": "即将完成……"},
    "tr_running": {"en": "Training {label}: epoch {epoch} of {epochs}, loss {loss}",
                   "zh": "正在训练 {label}：第 {epoch} / {epochs} 轮，损失 {loss}"},
    "tr_stop": {"en": "Stop", "zh": "停止"},
    "tr_loss_axis": {"en": "training loss ({loss})", "zh": "训练损失（{loss}）"},
    "tr_no_runs": {"en": "Press Train: the curves appear while it learns, and the trained network can then be opened "
                         "in Step through or on the Interpret page.",
                   "zh": "点击“训练”：学习过程中曲线会实时出现，训练好的网络可在“逐步运行”或“解读”页中打开。"},
    "tr_results": {"en": "Runs on this task", "zh": "此任务上的训练结果"},
    "tr_compare_title": {"en": "Training loss of every run", "zh": "各次训练的损失"},
    "tr_compare_acc_title": {"en": "Training accuracy of every run", "zh": "各次训练的准确率"},
    "tr_col_run": {"en": "Run", "zh": "训练"},
    "tr_col_status": {"en": "status", "zh": "状态"},
    "tr_col_epochs": {"en": "epochs", "zh": "轮数"},
    "tr_col_loss": {"en": "last loss", "zh": "最终损失"},
    "tr_col_train_acc": {"en": "training accuracy", "zh": "训练准确率"},
    "tr_col_eval_loss": {"en": "evaluation loss", "zh": "评估损失"},
    "tr_col_eval_acc": {"en": "evaluation accuracy", "zh": "评估准确率"},
    "tr_col_split": {"en": "evaluated on", "zh": "评估数据"},
    "tr_col_seconds": {"en": "seconds", "zh": "秒"},
    "tr_col_params": {"en": "parameters", "zh": "参数量"},
    "tr_split_test": {"en": "held-out test data", "zh": "留出的测试数据"},
    "tr_split_train": {"en": "the training data", "zh": "训练数据"},
    "tr_status_done": {"en": "done", "zh": "完成"},
    "tr_status_stopped": {"en": "stopped (weights so far kept)", "zh": "已停止（保留当前权重）"},
    "tr_status_time_limit": {"en": "stopped at the time limit (weights kept)", "zh": "达到时间上限后停止（保留权重）"},
    "tr_status_diverged": {"en": "diverged (last good weights kept)", "zh": "发散（保留最后的有效权重）"},
    "tr_status_failed": {"en": "failed", "zh": "失败"},
    "tr_status_queued": {"en": "queued", "zh": "排队中"},
    "tr_status_running": {"en": "training", "zh": "训练中"},
    "tr_clear": {"en": "Forget these runs", "zh": "清除这些结果"},
    "tr_open_title": {"en": "Look inside a trained network", "zh": "查看训练好的网络内部"},
    "tr_example": {"en": "Example (from {split})", "zh": "样例（来自{split}）"},
    "tr_open_interpret": {"en": "Interpret", "zh": "解读"},
    "tr_example_text": {"en": "This example reads: {text}", "zh": "该样例的内容：{text}"},
    "tr_writes": {"en": "What it writes (greedy: always the most likely next character)",
                  "zh": "它写出的内容（贪心：总是选最可能的下一个字符）"},
    "tr_poem_lines": {"en": "lines reproduced (of {n})", "zh": "复现的诗句（共 {n} 句）"},
    "tr_generated": {"en": "generated from each line's first character", "zh": "由每句首字生成"},
    # interpret page (rnnviz/ui/interpret_view.py)
    "page_interpret": {"en": "Interpret", "zh": "解读"},
    "interpret_title": {"en": "What did the network learn?", "zh": "网络学到了什么？"},
    "in_no_runs": {"en": "Nothing trained in this session yet: look into the pretrained model, or train a network "
                         "and find the units that learned something here.",
                   "zh": "本会话中还没有训练过的网络：可以先看预训练模型，或训练一个网络，再来这里寻找学到了东西的单元。"},
    "in_pretrained_choice": {"en": "python-code · pretrained LSTM that reads Python, character by character",
                             "zh": "python-code · 预训练的 LSTM，逐字符读 Python 代码"},
    "in_pretrained_about": {"en": "One LSTM layer of 256 units, trained on the source of Python's standard library "
                                  "(12 million characters); the json, http and email packages were held out. "
                                  "Karpathy et al. (2015) found cells that track quotes, brackets and line length "
                                  "in such a network: find them in the unit finder.",
                            "zh": "一层 256 个单元的 LSTM，在 Python 标准库的源代码（1200 万个字符）上训练；json、http 和 email "
                                  "三个包留出未训练。Karpathy 等人（2015）在这样的网络里找到了跟踪引号、括号和行长度的单元："
                                  "在“单元查找”中找找看。"},
    "in_data_held_out": {"en": "all held-out code", "zh": "全部留出的代码"},
    "in_data_held_out_file": {"en": "one held-out file", "zh": "一个留出的文件"},
    "in_held_out_file": {"en": "File (never seen in training)", "zh": "文件（训练时从未见过）"},
    "in_held_out_file_about": {"en": "{n:,} characters, read from the start of the file.",
                               "zh": "共 {n:,} 个字符，从文件开头读取。"},
    "in_reading_held_out": {"en": "Reading the held-out code once for everyone on this server…",
                            "zh": "正在为本服务器上的所有人读取一次留出的代码……"},
    "in_held_out_about": {"en": "{n:,} characters of json, http and email source, never seen in training; each of the "
                                "11 files read from its start, one after another.",
                          "zh": "{n:,} 个字符的 json、http 和 email 源代码（训练时从未见过）；11 个文件依次读取，每个文件从头开始。"},
    "in_unknown_read_as": {"en": "Not in its vocabulary, read as {unknown}: {tokens}",
                           "zh": "不在其词表中，按 {unknown} 读取：{tokens}"},
    "in_scatter_sampled": {"en": "{shown:,} of {total:,} steps drawn, evenly spread; the ranking uses all of them.",
                           "zh": "画出了 {total:,} 步中均匀分布的 {shown:,} 步；排序使用了全部步。"},
    "in_text_from": {"en": "Show characters from", "zh": "从第几个字符开始显示"},
    "in_text_window": {"en": "Characters {first:,}–{last:,} of {total:,}.", "zh": "第 {first:,}–{last:,} 个字符，共 {total:,} 个。"},
    "in_pattern_from": {"en": "Selection starts at step", "zh": "选区起始步"},
    "in_pattern_length": {"en": "Steps selected", "zh": "选中的步数"},
    "in_reach_context": {"en": "The output after reading …{text}", "zh": "读到 …{text} 之后的输出"},
    "in_go_train": {"en": "Go to Train", "zh": "前往“训练”"},
    "in_run": {"en": "Network to look into", "zh": "要查看的网络"},
    "in_data": {"en": "Read", "zh": "读取"},
    "in_data_text": {"en": "the whole text", "zh": "整段文本"},
    "in_data_train": {"en": "training sequences", "zh": "训练序列"},
    "in_data_test": {"en": "held-out test sequences", "zh": "留出的测试序列"},
    "in_data_typed": {"en": "text I type", "zh": "我输入的文本"},
    "in_typed": {"en": "Text to read", "zh": "要读取的文本"},
    "in_typed_hint": {"en": "Use characters the network was trained on", "zh": "请使用网络训练时见过的字符"},
    "in_typed_needed": {"en": "Type some text for the network to read.", "zh": "请输入一些文本让网络读取。"},
    "in_bad_data": {"en": "The network cannot read this: {error}", "zh": "网络无法读取：{error}"},
    "in_tab_text": {"en": "Text view", "zh": "文本视图"},
    "in_tab_finder": {"en": "Unit finder", "zh": "单元查找"},
    "in_tab_patterns": {"en": "Pattern search", "zh": "模式搜索"},
    "in_tab_gates": {"en": "Gate saturation", "zh": "门饱和度"},
    "in_tab_reach": {"en": "Memory reach", "zh": "记忆跨度"},
    "in_quantity": {"en": "Quantity", "zh": "量"},
    "in_sequence": {"en": "Sequence", "zh": "序列"},
    "in_unit": {"en": "Unit", "zh": "单元"},
    "in_unit_help": {"en": "Rank the units on the Unit finder tab to list them here best first.",
                     "zh": "在“单元查找”标签页中排序后，这里会按最佳顺序列出单元。"},
    "in_unit_ranked_help": {"en": "Ranked by the unit finder: correlation with {feature}, best first.",
                            "zh": "按单元查找的结果排序：与{feature}的相关系数，最佳在前。"},
    "in_text_lead": {"en": "Each character's background is the chosen unit's value after reading it (Karpathy et al. "
                           "2015): look for units that switch on inside quotes, count brackets, or track line length.",
                     "zh": "每个字符的背景色是所选单元读完该字符后的值（Karpathy 等，2015）：寻找在引号内激活、"
                           "数括号或跟踪行长度的单元。"},
    "in_no_text": {"en": "This task does not read characters, so there is no text to colour; the unit finder and the "
                         "other tabs still work.",
                   "zh": "此任务读取的不是字符，因此没有可着色的文本；单元查找和其他标签页仍然可用。"},
    "in_text_cut": {"en": "… showing the first {shown} of {total} characters.",
                    "zh": "……仅显示 {total} 个字符中的前 {shown} 个。"},
    "in_pattern_shown": {"en": "Coloured by unit {unit}; dashed: the selection, boxed: the places found.",
                         "zh": "按单元 {unit} 着色；虚线框：所选范围；实线框：找到的位置。"},
    "in_finder_lead": {"en": "Rank every unit by how well its value tracks a feature of the input, over every real "
                             "step of the sequences read.",
                       "zh": "按单元的值与输入某个特征的相关程度为所有单元排序，统计所读序列的每个有效步。"},
    "in_feature": {"en": "Feature", "zh": "特征"},
    "in_no_features": {"en": "No features to compare with for this data.", "zh": "这组数据没有可比较的特征。"},
    "in_char_class": {"en": "Character class", "zh": "字符类别"},
    "in_regex": {"en": "Regular expression", "zh": "正则表达式"},
    "in_bad_feature": {"en": "This feature cannot be computed: {error}", "zh": "无法计算该特征：{error}"},
    "in_constant_feature": {"en": "“{feature}” has the same value at every step here, so no unit can track it; "
                                  "choose another feature or other data.",
                            "zh": "“{feature}”在这里每一步都相同，因此没有单元能跟踪它；请换一个特征或其他数据。"},
    "in_best_unit": {"en": "Best: **{quantity}[{unit}]**, correlation **{r:+.3f}** with {feature} over {n:,} steps.",
                     "zh": "最佳：**{quantity}[{unit}]**，在 {n:,} 步上与{feature}的相关系数为 **{r:+.3f}**。"},
    "in_ranking_title": {"en": "Units ranked by |correlation| with {feature}", "zh": "按与{feature}的相关系数绝对值排序的单元"},
    "in_correlation": {"en": "correlation", "zh": "相关系数"},
    "in_unit_ranked": {"en": "Unit (best first)", "zh": "单元（最佳在前）"},
    "in_scatter_title": {"en": "{quantity}[{unit}] against the feature (r = {r:+.3f})",
                         "zh": "{quantity}[{unit}] 与特征的散点图（r = {r:+.3f}）"},
    "feat_position": {"en": "position in the line", "zh": "在行中的位置"},
    "feat_bracket_depth": {"en": "bracket depth", "zh": "括号深度"},
    "feat_inside_quotes": {"en": "inside quotes", "zh": "在引号内"},
    "feat_char_class": {"en": "character class", "zh": "字符类别"},
    "feat_in_string": {"en": "inside a string literal (code)", "zh": "在字符串字面量内（代码）"},
    "feat_in_line_string": {"en": "inside a one-line string literal, '…' or \"…\" (code)",
                            "zh": "在单行字符串字面量 '…' 或 \"…\" 内（代码）"},
    "feat_in_triple_string": {"en": "inside a triple-quoted string, such as a docstring (code)",
                              "zh": "在三引号字符串（如文档字符串）内（代码）"},
    "feat_in_comment": {"en": "inside a comment (code)", "zh": "在注释内（代码）"},
    "feat_code_depth": {"en": "bracket depth outside strings and comments (code)", "zh": "字符串和注释之外的括号深度（代码）"},
    "feat_indent": {"en": "indentation of the line (code)", "zh": "所在行的缩进（代码）"},
    "feat_regex": {"en": "regular expression match", "zh": "正则表达式匹配"},
    "feat_count": {"en": "count (a's minus b's read)", "zh": "计数（已读 a 的个数减 b 的个数）"},
    "feat_depth": {"en": "nesting depth", "zh": "嵌套深度"},
    "feat_target": {"en": "target value", "zh": "目标值"},
    "feat_marker": {"en": "marker", "zh": "标记"},
    "feat_recall": {"en": "recall phase", "zh": "复述阶段"},
    "feat_step": {"en": "step in the sequence", "zh": "在序列中的步数"},
    "feat_ink": {"en": "ink in the row (sum of its pixels)", "zh": "该行的墨迹（像素之和）"},
    "feat_marked_sum": {"en": "sum of the marked numbers so far", "zh": "到目前为止被标记数之和"},
    "cc_letter": {"en": "letter", "zh": "字母"},
    "cc_vowel": {"en": "vowel", "zh": "元音"},
    "cc_digit": {"en": "digit", "zh": "数字"},
    "cc_space": {"en": "space", "zh": "空白"},
    "cc_punctuation": {"en": "punctuation", "zh": "标点"},
    "cc_uppercase": {"en": "uppercase", "zh": "大写"},
    "in_pattern_lead": {"en": "As in LSTMVis: select a range of steps and the units that are on there; the search "
                              "finds the other places where the same units show the same on/off pattern.",
                        "zh": "与 LSTMVis 相同：选择一段步数和在其中激活的单元；搜索会找出这些单元呈现相同开/关模式的其他位置。"},
    "in_pattern_short": {"en": "This sequence is too short to search in.", "zh": "该序列太短，无法搜索。"},
    "in_pattern_range": {"en": "Steps", "zh": "步数范围"},
    "in_threshold": {"en": "On above", "zh": "高于此值为开"},
    "in_pattern_units": {"en": "Units", "zh": "单元"},
    "in_pattern_units_help": {"en": "Filled with the units that are on at every selected step; add or remove any.",
                              "zh": "默认填入在所选每一步都处于开启状态的单元；可自行增删。"},
    "in_pattern_pick_units": {"en": "No unit is on throughout these steps: lower the threshold, shorten the range, "
                                    "or pick units yourself.",
                              "zh": "没有单元在这些步中始终开启：请降低阈值、缩短范围，或自行选择单元。"},
    "in_bad_pattern": {"en": "The search cannot run: {error}", "zh": "无法搜索：{error}"},
    "in_pattern_found": {"en": "{n} places where {units} unit(s) repeat the pattern of “{query}”:",
                         "zh": "{units} 个单元在 {n} 处重复了“{query}”的模式："},
    "in_col_start": {"en": "from step", "zh": "起始步"},
    "in_col_end": {"en": "to step", "zh": "结束步"},
    "in_col_score": {"en": "same on/off", "zh": "开/关一致"},
    "in_col_text": {"en": "text", "zh": "文本"},
    "in_saturation_lead": {"en": "For every gate unit: how often it is nearly shut (< 0.1) against nearly open "
                                 "(> 0.9) over the data read (Karpathy et al. 2015, figure 3). Units in the corners "
                                 "act as switches; units near the origin work in between.",
                           "zh": "对每个门单元：在所读数据上几乎关闭（< 0.1）与几乎打开（> 0.9）的比例（Karpathy 等，2015，"
                                 "图 3）。位于角落的单元像开关；靠近原点的单元在中间区域工作。"},
    "in_no_gates": {"en": "This network has no gates (an Elman or Jordan RNN); train an LSTM or a GRU to see them.",
                    "zh": "该网络没有门（Elman 或 Jordan RNN）；请训练 LSTM 或 GRU 来查看门。"},
    "in_saturation_title": {"en": "Gate saturation", "zh": "门饱和度"},
    "in_left_saturated": {"en": "fraction of steps nearly shut (< 0.1)", "zh": "几乎关闭（< 0.1）的步数比例"},
    "in_right_saturated": {"en": "fraction of steps nearly open (> 0.9)", "zh": "几乎打开（> 0.9）的步数比例"},
    "in_saturation_row": {"en": "{gate}: shut {left:.0%}, open {right:.0%} on average",
                          "zh": "{gate}：平均关闭 {left:.0%}，打开 {right:.0%}"},
    "in_reach_lead": {"en": "How much does the output at a step depend on each earlier input? The size of the "
                            "gradient with respect to every earlier step, for every run on this task.",
                      "zh": "某一步的输出在多大程度上依赖之前的每个输入？即该输出对之前每一步输入的梯度大小，"
                            "对此任务上的每次训练分别计算。"},
    "in_reach_step": {"en": "Output at step", "zh": "输出所在的步"},
    "in_reach_title": {"en": "Gradient of the output at step {step} with respect to each input",
                       "zh": "第 {step} 步的输出对每个输入的梯度"},
    "in_reach_x": {"en": "steps back from the output", "zh": "距输出的步数"},
    "in_reach_y": {"en": "gradient size ‖∂out/∂x‖", "zh": "梯度大小 ‖∂out/∂x‖"},
    "in_reach_length": {"en": "{run} looks back {steps} step(s) (above 1% of the gradient at the step itself)",
                        "zh": "{run} 回看 {steps} 步（梯度高于该步自身梯度的 1%）"},
    "in_reach_skipped": {"en": "{run} is left out: {error}", "zh": "未包含 {run}：{error}"},
    "in_reach_compare_hint": {"en": "To see an RNN beside an LSTM, press “Compare RNN, LSTM and GRU” on the Train page.",
                              "zh": "要把 RNN 与 LSTM 放在一起比较，请在“训练”页点击“对比 RNN、LSTM 与 GRU”。"},
    # 中文 completeness (issue 12 item 7): names the core keeps as ids, table headers, wrapped core messages
    "loss_cross_entropy": {"en": "cross-entropy", "zh": "交叉熵"},
    "loss_mse": {"en": "mean squared error", "zh": "均方误差"},
    "loss_bce": {"en": "binary cross-entropy", "zh": "二元交叉熵"},
    "opt_adam": {"en": "Adam", "zh": "Adam"},
    "opt_sgd": {"en": "SGD (stochastic gradient descent)", "zh": "随机梯度下降（SGD）"},
    "opt_rmsprop": {"en": "RMSprop", "zh": "RMSprop"},
    "seq_too_long": {"en": "at most {max} steps are allowed", "zh": "最多允许 {max} 步"},
    "seq_not_utf8": {"en": "the file is not UTF-8 text", "zh": "该文件不是 UTF-8 文本"},
    "kind_jordan": {"en": "Jordan RNN", "zh": "Jordan RNN"},
    "act_identity": {"en": "identity", "zh": "恒等"},
    "upload_button": {"en": "Upload", "zh": "上传"},
    "chart_mean_of": {"en": "mean of", "zh": "每格平均步数"},
    "we_digits_hover": {"en": "row %{y}, pixel %{x}", "zh": "第 %{y} 行，第 %{x} 个像素"},
    "upload_limit": {"en": "{limit} per file • {types}", "zh": "每个文件不超过 {limit} • {types}"},
    "param_col_name": {"en": "name", "zh": "参数名"},
    "param_col_shape": {"en": "shape", "zh": "形状"},
    "param_col_count": {"en": "count", "zh": "数量"},
    "param_col_meaning": {"en": "meaning", "zh": "含义"},
    "gp_value": {"en": "value", "zh": "值"},
    "gp_at": {"en": "at step", "zh": "位于第几步"},
    "gp_height": {"en": "height", "zh": "高度"},
    "gp_period": {"en": "period", "zh": "周期"},
    "gp_amplitude": {"en": "amplitude", "zh": "振幅"},
    "gp_phase": {"en": "phase", "zh": "相位"},
    "gp_seed": {"en": "seed", "zh": "随机种子"},
    "gp_scale": {"en": "scale", "zh": "尺度"},
    "gp_start": {"en": "start", "zh": "起始值"},
    "gp_end": {"en": "end", "zh": "终止值"},
    "kind_peephole_coupled": {"en": "LSTM with peepholes and coupled input/forget gates",
                              "zh": "带窥视孔、输入门与遗忘门耦合的 LSTM"},
}


def translate(key: str, lang: str, **values) -> str:
    """The string in `lang` (English when missing). An unknown key shows itself rather than failing a page:
    tests/ui/test_strings.py makes sure every key used exists."""
    entry = STRINGS.get(key)
    if entry is None:
        logging.getLogger("rnnviz").error("missing UI string %r", key)
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
