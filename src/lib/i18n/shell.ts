/**
 * Strings of the app shell (start, camera and error screens, debug panel), in every UI
 * language. Scene texts live in the scene files; game strings beside these.
 */
import type { LocalizedMessage, UiLanguage } from './languages';
import { formatMessage } from './format';

export const SHELL_STRINGS = {
  appName: { en: 'SignQuest', ja: 'サインクエスト' },
  tagline: {
    en: 'Learn everyday signs by signing them: order a coffee, check into a hotel, and the game watches your hands.',
    ja: '日常の手話を、実際に表しながら学ぼう。コーヒーを注文したり、ホテルに泊まったり。ゲームがあなたの手を見ています。',
  },
  start: { en: 'Start', ja: 'はじめる' },
  browseWithoutCamera: { en: 'Watch the signs first, no camera', ja: 'まずはカメラなしで手話を見る' },
  browseInstead: { en: 'No camera? Watch and read every sign without one', ja: 'カメラがない場合: カメラなしですべての手話を見る' },
  howTitle: { en: 'How it works', ja: '遊び方' },
  howLearn: { en: 'Learn: watch a figure make the sign, slowed down or mirrored.', ja: '見る:人形が手話を表します。ゆっくりや左右反転でも見られます。' },
  howTry: { en: 'Try: sign it to your camera; a meter shows how close you are.', ja: 'やってみる:カメラに向かって表します。メーターで近さがわかります。' },
  howFeedback: { en: 'See how you did: the game tells you, in writing, whether your hand shape, where your hands are or how they move differs.', ja: 'フィードバック:すべて文字で表示。手の形・位置・動きのどこが違うかを伝えます。' },
  cameraWhyTitle: { en: 'The game needs your camera', ja: 'カメラを使います' },
  cameraWhy: {
    en: 'To see your signs, the game watches your hands, arms and face through your webcam. Everything stays on this device: no video and no landmarks ever leave your browser.',
    ja: '手話を見るために、ウェブカメラで手・腕・顔を追跡します。映像や特徴点がこの端末の外に送られることはありません。',
  },
  cameraAllow: { en: 'Turn on camera', ja: 'カメラをオンにする' },
  cameraHint: {
    en: 'Your browser will ask for permission. Sit so your head, shoulders and both hands are in view, in good light.',
    ja: 'ブラウザが許可を求めます。頭・肩・両手が映るように、明るい場所に座ってください。',
  },
  cameraPick: { en: 'Camera', ja: 'カメラ' },
  loadingTracker: { en: 'Loading the hand and body tracker…', ja: '手と体のトラッカーを読み込み中…' },
  startingCamera: { en: 'Starting the camera…', ja: 'カメラを起動中…' },
  firstFrame: { en: 'Warming up the tracker (the first frame takes a few seconds)…', ja: 'トラッカーを準備中(最初のフレームは数秒かかります)…' },
  slowTracking: {
    en: {
      one: 'Your computer tracks about {count} frame a second; signs are recognised best at {min} or more. Close other tabs and programs, or plug in your laptop.',
      other: 'Your computer tracks about {count} frames a second; signs are recognised best at {min} or more. Close other tabs and programs, or plug in your laptop.',
    },
    ja: 'このコンピューターは1秒に約{count}フレームしか追跡できていません。{min}フレーム以上で手話を最もよく認識できます。ほかのタブやアプリを閉じるか、ノートパソコンを電源につないでください。',
  },
  cameraMuted: {
    en: 'The camera picture is paused by your computer (a privacy switch, or another app). The game goes on as soon as it is back.',
    ja: 'カメラの映像がコンピューターによって止められています(プライバシースイッチや別のアプリ)。映像が戻るとすぐにゲームが続きます。',
  },
  cameraLost: {
    en: 'The camera stopped: it was unplugged, or its permission was withdrawn. Plug it back in or allow it again: the game reopens it as soon as a camera is connected.',
    ja: 'カメラが止まりました(抜けたか、許可が取り消されました)。つなぎ直すか、もう一度許可してください。カメラがつながるとすぐにゲームが再開します。',
  },
  cameraReconnect: { en: 'Reconnect the camera', ja: 'カメラをつなぎ直す' },
  trackerFrameFailed: {
    en: 'The tracker failed on a camera frame; it carries on with the next ones.',
    ja: 'トラッカーがカメラの1フレームを処理できませんでした。次のフレームから続けます。',
  },
  liteModel: {
    en: 'Tracking ran at about {fps} frames a second, so the game switched to the lighter body tracker to keep up.',
    ja: '追跡が1秒に約{fps}フレームだったため、追いつけるように軽い体のトラッカーに切り替えました。',
  },
  backendFallback: {
    en: 'The graphics card stopped responding, so the sign model now runs on {next} (slower). Reload the page to use the graphics card again.',
    ja: 'グラフィックカードが応答しなくなったため、手話モデルは {next} で動いています(遅くなります)。グラフィックカードを再び使うにはページを再読み込みしてください。',
  },
  backendNone: {
    en: 'The graphics card stopped responding, and the sign model cannot run any other way here. Reload the page.',
    ja: 'グラフィックカードが応答しなくなり、手話モデルをほかの方法で動かせません。ページを再読み込みしてください。',
  },
  tryAgain: { en: 'Try again', ja: 'もう一度' },
  backToStart: { en: 'Back to start', ja: '最初に戻る' },
  selfView: { en: 'Your camera, mirrored like a mirror, with the tracked skeleton drawn over it', ja: 'ミラー表示のカメラ映像と、追跡した骨格' },
  debugTitle: { en: 'Camera check', ja: 'カメラチェック' },
  debugFps: { en: 'Frames per second', ja: 'フレーム/秒' },
  debugHolisticMs: { en: 'Holistic ms per frame', ja: 'Holistic 処理時間 (ms/フレーム)' },
  debugBackend: { en: 'TF.js backend', ja: 'TF.js バックエンド' },
  debugParts: { en: 'Tracked now', ja: '追跡中' },
  partPose: { en: 'body', ja: '体' },
  partFace: { en: 'face', ja: '顔' },
  partLeftHand: { en: 'your left hand', ja: '左手' },
  partRightHand: { en: 'your right hand', ja: '右手' },
  errorTitle_permissionDenied: { en: 'Camera access is blocked', ja: 'カメラへのアクセスがブロックされています' },
  errorBody_permissionDenied: {
    en: 'The game cannot see you because camera permission was denied. Click the camera or lock icon at the left of the address bar, set Camera to "Allow", then press Try again. (In Chrome: Settings › Privacy and security › Site settings › Camera.)',
    ja: 'カメラの許可が拒否されました。アドレスバー左のカメラまたは鍵のアイコンから「カメラ」を「許可」にして、「もう一度」を押してください。',
  },
  errorTitle_noCamera: { en: 'No camera found', ja: 'カメラが見つかりません' },
  errorBody_noCamera: {
    en: 'Connect a webcam (or enable the built-in one), then press Try again.',
    ja: 'ウェブカメラを接続する(または内蔵カメラを有効にする)と、「もう一度」で再試行できます。',
  },
  errorTitle_cameraBusy: { en: 'The camera is busy', ja: 'カメラは使用中です' },
  errorBody_cameraBusy: {
    en: 'Another app or browser tab is using the camera (a video call, perhaps). Close it, then press Try again.',
    ja: '別のアプリやタブ(ビデオ通話など)がカメラを使っています。閉じてから「もう一度」を押してください。',
  },
  errorTitle_insecureContext: { en: 'This page cannot use the camera', ja: 'このページではカメラを使えません' },
  errorBody_insecureContext: {
    en: 'Browsers only allow the camera on secure pages. Open the game over https:// or from localhost.',
    ja: 'ブラウザは安全なページでのみカメラを許可します。https:// または localhost で開いてください。',
  },
  errorTitle_unsupported: { en: 'This browser has no camera support', ja: 'このブラウザはカメラに対応していません' },
  errorBody_unsupported: {
    en: 'Please use a current desktop Chrome, Edge or Firefox (Safari 16.4+ works too).',
    ja: '最新のデスクトップ版 Chrome・Edge・Firefox をお使いください(Safari 16.4 以降も可)。',
  },
  errorTitle_unknown: { en: 'The camera did not start', ja: 'カメラを起動できませんでした' },
  errorBody_unknown: { en: 'Something unexpected went wrong. Press Try again; if it keeps happening, reload the page.', ja: '予期しない問題が起きました。「もう一度」を押してください。' },
  errorTitle_tracker: { en: 'The tracker could not load', ja: 'トラッカーを読み込めませんでした' },
  errorBody_tracker: {
    en: 'The hand and body tracker failed to start. Check that the page finished loading, then press Try again.',
    ja: 'トラッカーを起動できませんでした。ページの読み込みを確認してから「もう一度」を押してください。',
  },
  crashTitle: { en: 'Something went wrong', ja: '問題が発生しました' },
  crashBody: {
    en: 'This screen hit an unexpected error. Your progress is saved. Try again, or go back to the start.',
    ja: 'この画面で予期しないエラーが起きました。進捗は保存されています。もう一度試すか、最初に戻ってください。',
  },
  errorDetail: { en: 'Technical detail', ja: '詳細' },
  privacyNote: { en: 'Private by design: everything runs on your device.', ja: 'すべてこの端末の中で動きます。' },
  language: { en: 'Language', ja: '言語' },
  useVideoFile: { en: 'Or make a sign recording from a video file', ja: 'または動画ファイルから手話の記録を作る' },
  videoTitle: { en: 'Sign recording from a video', ja: '動画から手話の記録を作る' },
  videoIntro: {
    en: 'Pick a video of one sign. Every frame is tracked on this device (it takes a while: nothing is uploaded), then you can replay the result and save it as a .signrec recording for a sign pack.',
    ja: '1つの手話の動画を選んでください。すべてのフレームをこの端末で追跡します(時間がかかります。アップロードはしません)。結果を再生し、.signrec 記録として保存できます。',
  },
  videoFile: { en: 'Video file', ja: '動画ファイル' },
  videoChoose: { en: 'Choose a video…', ja: '動画を選ぶ…' },
  videoNoFile: { en: 'No video chosen yet', ja: 'まだ動画が選ばれていません' },
  videoFigureHint: { en: 'The tracked figure appears here.', ja: '追跡した人物がここに表示されます。' },
  videoFigureLabel: { en: 'The signing tracked from the video, replayed as a figure.', ja: '動画から追跡した手話の再生(線画)。' },
  videoGloss: { en: 'Sign (gloss)', ja: '手話(グロス)' },
  videoProcess: { en: 'Track every frame', ja: 'すべてのフレームを追跡' },
  videoProgress: { en: { one: 'Tracked {done} of {count} frame', other: 'Tracked {done} of {count} frames' }, ja: '{count} フレーム中 {done} を追跡' },
  videoDone: {
    en: { one: 'Done: {count} frame, a hand in {hands}% of it.', other: 'Done: {count} frames, a hand in {hands}% of them.' },
    ja: '完了: {count} フレーム、手の検出 {hands}%。',
  },
  videoDownload: { en: 'Save recording', ja: '記録を保存' },
  videoReplay: { en: 'Replay', ja: '再生' },
  videoFailed: { en: 'This video could not be processed.', ja: 'この動画を処理できませんでした。' },
  updateReady: { en: 'A new version of SignQuest is ready.', ja: 'サインクエストの新しいバージョンの準備ができました。' },
  updateReload: { en: 'Reload to update', ja: '再読み込みして更新' },
  openSettings: { en: 'Settings', ja: '設定' },
  settingsTitle: { en: 'Settings', ja: '設定' },
  modelHeading: { en: 'Sign model', ja: '手話モデル' },
  modelIntro: {
    en: 'The classifier that judges the signs it was trained on (every other sign is matched against its examples). Researchers can load their own: see docs/model.md. A model from your disk is kept in this browser and never uploaded.',
    ja: '学習した手話を判定する分類器です(ほかの手話はお手本と照合します)。研究者は自分のモデルを読み込めます(docs/model.md を参照)。ディスクから読み込んだモデルはこのブラウザーに保存され、アップロードされません。',
  },
  modelActive: { en: 'Active model: {name}', ja: '使用中のモデル: {name}' },
  modelLoading: { en: 'Reading the active model…', ja: '使用中のモデルを読み込み中…' },
  modelBroken: {
    en: 'The chosen model cannot be loaded, so the game judges every sign by its examples. Choose another model.',
    ja: '選んだモデルを読み込めないため、すべての手話をお手本との照合で判定しています。別のモデルを選んでください。',
  },
  modelSource: { en: 'From', ja: '読み込み元' },
  modelSourceShipped: { en: 'shipped with the game', ja: 'ゲームに付属' },
  modelSourceLocal: { en: 'this browser', ja: 'このブラウザー' },
  modelBackend: { en: 'Runs on', ja: '実行環境' },
  modelSigns: { en: 'Signs', ja: '手話' },
  modelInput: { en: 'Input', ja: '入力' },
  modelInputFeatures: {
    en: { one: 'feature spec v{version}, {count} block: {blocks}', other: 'feature spec v{version}, {count} blocks: {blocks}' },
    ja: '特徴量仕様 v{version}、{count} ブロック: {blocks}',
  },
  modelInputLandmarks: { en: { one: 'raw landmarks, {count} frame', other: 'raw landmarks, {count} frames' }, ja: '特徴点そのまま、{count} フレーム' },
  modelExtractor: { en: 'Landmarks from', ja: '特徴点の抽出' },
  modelCard: { en: 'Model card', ja: 'モデルカード' },
  modelNoCard: { en: 'This model has no model card.', ja: 'このモデルにはモデルカードがありません。' },
  modelShippedPick: { en: 'Models shipped with the game', ja: 'ゲームに付属のモデル' },
  modelUse: { en: 'Use this model', ja: 'このモデルを使う' },
  modelUrl: { en: 'Model folder URL', ja: 'モデルフォルダーの URL' },
  modelUrlLoad: { en: 'Load from URL', ja: 'URL から読み込む' },
  modelFolder: { en: 'Model folder from your disk (manifest.json, model.json and its weights)', ja: 'ディスク上のモデルフォルダー(manifest.json、model.json と重み)' },
  modelDrop: { en: 'Or drop the model folder, or all its files, here.', ja: 'またはモデルフォルダー(またはその全ファイル)をここにドロップしてください。' },
  modelChecking: { en: 'Checking {source}…', ja: '{source} を確認中…' },
  modelAccepted: { en: '{name} is now the active model; the next Try uses it.', ja: '{name} を使用中のモデルにしました。次の「やってみる」から使われます。' },
  modelRefused: { en: 'This model was refused, and the active one stays:', ja: 'このモデルは使えません。使用中のモデルはそのままです:' },
} satisfies Record<string, LocalizedMessage>;

export type ShellStringKey = keyof typeof SHELL_STRINGS;

/** The shell string in `lang`, with `{name}` placeholders filled. */
export function shellText(key: ShellStringKey, lang: UiLanguage, params?: Record<string, string | number>): string {
  return formatMessage(SHELL_STRINGS[key][lang], lang, params);
}
