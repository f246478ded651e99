/**
 * Strings of the game screens (scene list, lessons, feedback, progress), in every UI
 * language. Scene and sign texts live in the scene files. `{name}` marks a placeholder.
 */
import type { LocalizedMessage } from './languages';
import type { StorageProblem } from '../progress/store';
import { formatMessage } from './format';
import { locale } from './locale.svelte';

export const GAME_STRINGS = {
  loading: { en: 'Loading…', ja: '読み込み中…' },
  language: { en: 'Language', ja: '言語' },
  scenesHeading: { en: 'Choose a scene', ja: '場面を選ぶ' },
  scenesIntro: {
    en: 'Each scene is a short story. Sign your lines to move it on; every line is written out, nothing needs sound.',
    ja: 'それぞれの場面は短い物語です。あなたのせりふを手話で表すと物語が進みます。音は使いません。',
  },
  scenesBroken: { en: 'Some scene files have problems:', ja: '場面ファイルに問題があります:' },
  play: { en: 'Play', ja: 'プレイ' },
  playAgain: { en: 'Play again', ja: 'もう一度プレイ' },
  playSceneLabel: { en: 'Play {title}', ja: '{title}をプレイ' },
  signCount: { en: 'Signs to make: {count}', ja: '表す手話: {count} 個' },
  completed: { en: 'Completed', ja: 'クリア' },
  starsLabel: { en: '{stars} of {max} stars', ja: '星 {max} 個中 {stars} 個' },
  reviewHeading: { en: 'Practise weak signs', ja: '苦手な手話を練習' },
  reviewDue: {
    en: { one: '{count} sign is due for practice: {signs}.', other: '{count} signs are due for practice: {signs}.' },
    ja: '練習の時期の手話が {count} 個あります: {signs}。',
  },
  reviewNone: {
    en: 'Nothing to practise right now. Signs you skip or find hard come back here, spaced out over days.',
    ja: '今は練習する手話はありません。スキップした手話や苦手な手話は、日を空けてここに戻ってきます。',
  },
  reviewStart: { en: 'Practise now', ja: '今すぐ練習' },
  reviewPrompt: { en: 'Practise the sign {sign}.', ja: '手話「{sign}」を練習しましょう。' },
  reviewProgress: { en: 'Practice: sign {current} of {total}', ja: '練習: {total} 個中 {current} 個目' },
  reviewDoneTitle: { en: 'Practice done', ja: '練習おわり' },
  reviewDoneBody: {
    en: {
      one: 'You practised {count} sign. It will come back when it is time to refresh it.',
      other: 'You practised {count} signs. They will come back when it is time to refresh them.',
    },
    ja: '{count} 個の手話を練習しました。忘れかけたころにまた出てきます。',
  },
  progressHeading: { en: 'Your progress', ja: 'あなたの進み具合' },
  storageSaved: { en: 'Progress is saved in this browser after every sign.', ja: '進み具合は手話ごとにこのブラウザに保存されます。' },
  storageMemory: {
    en: 'Progress cannot be saved in this browser ({reason}). You can keep playing; save your progress to a file before you leave.',
    ja: 'このブラウザには進み具合を保存できません({reason})。プレイは続けられます。終了前にファイルに保存してください。',
  },
  storageFull: {
    en: 'The browser’s storage is full, so progress is no longer saved ({reason}). Everything you do stays until you close the page: save your progress to a file, or free space in the browser’s settings.',
    ja: 'ブラウザの保存領域がいっぱいのため、進み具合を保存できなくなりました({reason})。ページを閉じるまでは残ります。ファイルに保存するか、ブラウザの設定で空きを作ってください。',
  },
  exportProgress: { en: 'Save progress to a file', ja: '進み具合をファイルに保存' },
  importProgress: { en: 'Load progress from a file', ja: 'ファイルから進み具合を読み込む' },
  importDone: { en: 'Loaded progress for {scenes} and {signs}.', ja: '{scenes}・{signs}の進み具合を読み込みました。' },
  sceneCount: { en: { one: '{count} scene', other: '{count} scenes' }, ja: '{count} 場面' },
  signCountPhrase: { en: { one: '{count} sign', other: '{count} signs' }, ja: '{count} 個の手話' },
  importFailed: { en: 'Could not load that file. {error}', ja: 'そのファイルは読み込めませんでした。{error}' },
  backToScenes: { en: 'Back to scenes', ja: '場面の一覧へ' },
  continue: { en: 'Continue', ja: '次へ' },
  stepOf: { en: 'Line {current} of {total}', ja: '{total} 行中 {current} 行目' },
  yourTurn: { en: 'Your turn', ja: 'あなたの番' },
  menuHeading: { en: 'Menu: choose what to sign', ja: 'メニュー: 表す手話を選ぶ' },
  eitherHeading: { en: 'Any of these signs works: choose one to learn', ja: 'どの手話でもOK: 学ぶものを選ぶ' },
  learnTab: { en: 'Learn', ja: '学ぶ' },
  tryTab: { en: 'Try', ja: 'やってみる' },
  resultTab: { en: 'Result', ja: '結果' },
  learnHeading: { en: 'Learn the sign {sign}', ja: '手話「{sign}」を学ぶ' },
  figureLabel: {
    en: 'Animated figure signing {sign}: hands in colour, arms and face outlined.',
    ja: '手話「{sign}」を表すアニメーションの人物(手は色付き、腕と顔は線)。',
  },
  figureMissing: { en: 'The example for {sign} is not available yet ({reason}).', ja: '「{sign}」のお手本はまだありません({reason})。' },
  playFigure: { en: 'Play', ja: '再生' },
  pauseFigure: { en: 'Pause', ja: '一時停止' },
  speed: { en: 'Speed', ja: '速さ' },
  speedSlow: { en: 'Slow (0.5×)', ja: 'ゆっくり (0.5×)' },
  speedNormal: { en: 'Normal (1×)', ja: 'ふつう (1×)' },
  loop: { en: 'Repeat', ja: 'くり返す' },
  mirror: { en: 'Mirror view (like a mirror)', ja: '鏡のように表示' },
  leftHanded: { en: 'I sign left-handed', ja: '左手で表す' },
  readyToTry: { en: 'I’m ready: let me try', ja: 'やってみる' },
  skip: { en: 'Skip this sign', ja: 'この手話をスキップ' },
  tryHeading: { en: 'Your turn: sign {sign}', ja: 'あなたの番: 「{sign}」を表しましょう' },
  tryInstructions: {
    en: 'Make the sign in front of the camera. The bar fills as your signing matches the example.',
    ja: 'カメラの前で手話を表してください。お手本に近づくほどバーが伸びます。',
  },
  meterLabel: { en: 'Match with {sign}', ja: '「{sign}」との一致度' },
  statusWaiting: { en: 'Show your hands to the camera…', ja: '両手をカメラに見せてください…' },
  statusWatching: { en: 'Watching your signing…', ja: '手話を見ています…' },
  statusChecking: { en: 'Checking…', ja: '確認中…' },
  cameraNeeded: { en: 'The camera is off. Turn it on to try this sign.', ja: 'カメラがオフです。オンにすると手話を試せます。' },
  cameraOn: { en: 'Turn on camera', ja: 'カメラをオンにする' },
  cameraWaiting: { en: 'Waiting for the camera…', ja: 'カメラを待っています…' },
  testReplay: { en: 'Test mode: replaying {file} instead of the camera.', ja: 'テストモード: カメラの代わりに {file} を再生中。' },
  testNoAttempt: { en: 'Test mode: no recording queued for this attempt.', ja: 'テストモード: この試行用の録画がありません。' },
  recognizerLoading: { en: 'Getting the sign recogniser ready…', ja: '手話認識を準備中…' },
  recognizerFailed: { en: 'The sign recogniser could not start ({reason}). You can still learn the signs and skip.', ja: '手話認識を起動できませんでした({reason})。手話を学んでスキップすることはできます。' },
  cameraLost: {
    en: 'The camera stopped: it was unplugged, or its permission was withdrawn. Plug it back in or allow it again; this Try starts again by itself when the camera is back.',
    ja: 'カメラが止まりました(抜けたか、許可が取り消されました)。カメラをつなぎ直すか、もう一度許可してください。カメラが戻ると、この試行は自動で再開します。',
  },
  cameraReconnect: { en: 'Reconnect the camera', ja: 'カメラをつなぎ直す' },
  gameFailedTitle: { en: 'The game had a problem', ja: 'ゲームに問題が起きました' },
  gameFailed_recogniser: {
    en: 'The sign recogniser failed ({reason}). This was not your signing, and it does not count as a try: press Try again.',
    ja: '手話認識でエラーが起きました({reason})。あなたの手話のせいではなく、試行回数にも数えません。「もう一度」を押してください。',
  },
  gameFailed_source: {
    en: 'The tracker could not read the camera picture ({reason}). This was not your signing, and it does not count as a try: press Try again.',
    ja: 'トラッカーがカメラの映像を読み取れませんでした({reason})。あなたの手話のせいではなく、試行回数にも数えません。「もう一度」を押してください。',
  },
  modelMissing: {
    en: 'The sign model could not be loaded. The game plays on: it judges every sign by comparing it with the examples, which can be a little less sure.',
    ja: '手話モデルを読み込めませんでした。ゲームは続けられます。すべての手話をお手本との比較で判定します(少し精度が下がることがあります)。',
  },
  technicalDetail: { en: 'Technical detail', ja: '詳細' },
  dismiss: { en: 'Close', ja: '閉じる' },
  feedFailed: { en: 'The signing to watch could not be loaded ({reason}).', ja: '見る手話を読み込めませんでした({reason})。' },
  watchAgain: { en: 'Watch the example again', ja: 'お手本をもう一度見る' },
  successTitle: { en: 'Well signed!', ja: 'よくできました!' },
  successBody: { en: 'That was {sign}.', ja: '「{sign}」と伝わりました。' },
  missTitle: { en: 'Not quite yet', ja: 'もう少し' },
  missLooksLike: { en: 'That looked more like {sign}.', ja: '「{sign}」に近く見えました。' },
  missNotRecognised: { en: 'The game could not recognise {sign} this time.', ja: '今回は「{sign}」と認識できませんでした。' },
  missPart: { en: 'Look at {part}: it differs most from the example.', ja: '{part}を見直しましょう。お手本といちばん違うところです。' },
  missClose: {
    en: 'Hand shape, place and movement were all close to the example. Make the whole sign once more, clearly, with your hand in view from start to end.',
    ja: '手の形・位置・動きはどれもお手本に近いです。もう一度、手が最初から最後まで映るように、はっきりと最後まで表してください。',
  },
  part_handShape: { en: 'the hand shape', ja: '手の形' },
  part_handLocation: { en: 'where your hands are', ja: '手の位置' },
  part_movement: { en: 'the movement', ja: '動き' },
  missTooSlowTitle: { en: 'Too few frames to judge', ja: '判定にはフレームが足りません' },
  missTooSlow: {
    en: {
      one: 'Your computer tracked {count} frame a second during this try; the game needs {min} to judge a sign, so this says nothing about your signing.',
      other: 'Your computer tracked {count} frames a second during this try; the game needs {min} to judge a sign, so this says nothing about your signing.',
    },
    ja: 'この試行中、このコンピューターは1秒に{count}フレームしか追跡できませんでした。手話の判定には{min}フレーム以上必要なので、あなたの手話のせいではありません。',
  },
  missTooSlowAdvice: {
    en: 'Close other tabs and programs and plug in your laptop, then try again; or skip this sign for now.',
    ja: 'ほかのタブやアプリを閉じ、ノートパソコンを電源につないでから、もう一度試してください。今回はスキップしてもかまいません。',
  },
  windowLonger: {
    en: 'So that your next try has enough frames, the game now watches the last {seconds} seconds of your signing instead of {usual}.',
    ja: '次の試行で十分なフレームが集まるよう、最後の{usual}秒ではなく{seconds}秒の手話を見るようにしました。',
  },
  noHandsSeen: { en: 'No hands were seen during the attempt: check that both hands are in view.', ja: '試行中に手が見えませんでした。両手が映っているか確認してください。' },
  compareHeading: { en: 'Side by side', ja: '見比べる' },
  compareExample: { en: 'Example', ja: 'お手本' },
  compareYours: { en: 'Your attempt', ja: 'あなたの手話' },
  compareYoursLabel: { en: 'Your attempt at {sign}, replayed as a figure.', ja: 'あなたの「{sign}」の再生。' },
  tryAgain: { en: 'Try again', ja: 'もう一度' },
  triesSoFar: { en: 'Tries so far: {count}', ja: 'これまでの試行: {count} 回' },
  cameraCheckHeading: { en: 'Camera check', ja: 'カメラチェック' },
  checkFace: { en: 'Face', ja: '顔' },
  checkHands: { en: 'Hands', ja: '手' },
  checkSeen: { en: 'seen', ja: '見えています' },
  checkNotSeen: { en: 'not seen yet', ja: 'まだ見えません' },
  checkPassed: { en: 'The camera sees your face and hands. Well done!', ja: 'カメラに顔と手が映っています。ばっちりです!' },
  liveFigureWaiting: { en: 'Waiting for the first tracked frame…', ja: '最初のフレームの追跡を待っています…' },
  liveFigureNobody: {
    en: 'Nobody in view yet: sit so your head, shoulders and hands are in the camera.',
    ja:'まだ誰も映っていません。頭・肩・手がカメラに映るように座ってください。',
  },
  liveFigureLabel: { en: 'What the camera sees of you, drawn as a figure.', ja: 'カメラがとらえたあなたの姿(線画)。' },
  browseOpen: { en: 'Watch all the signs', ja: 'すべての手話を見る' },
  browseHeading: { en: 'All the signs', ja: 'すべての手話' },
  browseIntro: {
    en: 'Every sign of every scene: watch the example, slowed down or mirrored, and read how to make it.',
    ja: 'すべての場面の手話です。お手本をゆっくりや鏡のように再生して、表し方を読めます。',
  },
  browseSignsOf: { en: 'Signs in {title}', ja: '{title}の手話' },
  browseCameraOff: {
    en: 'You are watching without a camera. Turn it on when you want to try the signs yourself.',
    ja: 'カメラなしで見ています。自分で手話を試したくなったら、カメラをオンにしてください。',
  },
  sceneCompleteTitle: { en: 'Scene complete!', ja: '場面クリア!' },
  sceneCompleteBody: { en: 'You earned {stars} of {max} stars.', ja: '星 {max} 個中 {stars} 個を獲得しました。' },
  sceneEndNoStarsTitle: { en: 'You reached the end of the scene', ja: '場面の最後まで来ました' },
  sceneEndNoStarsBody: {
    en: 'No stars this time, and that is fine: the signs you skipped wait for you under “Practise weak signs”, and you can play the scene again whenever you like.',
    ja: '今回は星はありませんが、だいじょうぶです。スキップした手話は「苦手な手話を練習」で待っています。いつでもこの場面をもう一度プレイできます。',
  },
  signsInScene: { en: 'Signs in this scene', ja: 'この場面の手話' },
  skippedTitle: { en: 'Skipped for now', ja: 'スキップしました' },
  skippedBody: {
    en: '{sign} comes back under “Practise weak signs”, spaced out over days.',
    ja: '「{sign}」は「苦手な手話を練習」に、日を空けて戻ってきます。',
  },
  nextScene: { en: 'Next: {title}', ja: '次へ: {title}' },
  examplesHeading: { en: 'Example to watch', ja: '見るお手本' },
  exampleLabel: { en: '{pack} ({n})', ja: '{pack}({n})' },
  citationNote: {
    en: 'This example shows a one-handed form. The two-handed citation form: {citation}',
    ja: 'このお手本は片手の形です。両手で表す辞書の形: {citation}',
  },
  sceneLanguage: { en: 'Sign language: {language}', ja: '手話の言語: {language}' },
  localScenesHeading: { en: 'Scenes in this browser', ja: 'このブラウザの場面' },
  localScenesIntro: {
    en: 'Play a scene a teacher made: load its folder (scene.yaml and its SVG pictures) or one .signscene file. It is checked first, then kept in this browser only.',
    ja: '先生が作った場面を遊べます。場面のフォルダー(scene.yaml と SVG の絵)か .signscene ファイルを 1 つ読み込んでください。まず確認してから、このブラウザにだけ保存します。',
  },
  localScenesMemory: {
    en: 'This browser cannot keep scenes ({reason}): a scene you load stays until the page is closed.',
    ja: 'このブラウザには場面を保存できません({reason})。読み込んだ場面はページを閉じるまで使えます。',
  },
  localScenesNone: { en: 'No scene loaded yet.', ja: 'まだ読み込んだ場面はありません。' },
  loadSceneFile: { en: 'Load a scene file (.signscene)', ja: '場面ファイル(.signscene)を読み込む' },
  loadSceneFolder: { en: 'Load a scene folder', ja: '場面フォルダーを読み込む' },
  sceneDropZone: { en: 'Or drop a scene folder or a .signscene file here', ja: 'または、場面フォルダーか .signscene ファイルをここにドロップ' },
  sceneReading: { en: 'Reading {source}…', ja: '{source} を読み込み中…' },
  sceneRefused: { en: '{source} was not loaded (nothing was stored). Its problems:', ja: '{source} は読み込みませんでした(何も保存していません)。問題点:' },
  sceneLoaded: { en: '“{title}” is loaded: it is in the scene list.', ja: '「{title}」を読み込みました。場面の一覧にあります。' },
  sceneReplaced: { en: '“{title}” is replaced by the version you loaded.', ja: '「{title}」を読み込んだ版に置き換えました。' },
  sceneRemoved: { en: 'The scene {id} is removed from this browser.', ja: '場面 {id} をこのブラウザから削除しました。' },
  sceneBrokenHere: { en: '{id}: has problems (listed above); remove it or load a corrected version.', ja: '{id}: 問題があります(上の一覧)。削除するか、直した版を読み込んでください。' },
  exportScene: { en: 'Save {title} as a file', ja: '{title}をファイルに保存' },
  removeScene: { en: 'Remove {title}', ja: '{title}を削除' },
  confirmRemoveScene: { en: 'Really remove {title}?', ja: '本当に{title}を削除しますか?' },
  cancel: { en: 'Cancel', ja: 'キャンセル' },
  loadedHere: { en: 'Loaded in this browser', ja: 'このブラウザで読み込んだ場面' },
} satisfies Record<string, LocalizedMessage>;

export type GameStringKey = keyof typeof GAME_STRINGS;

/** A game string in the current language (reactive in components and runes). */
export function t(key: GameStringKey, params?: Record<string, string | number>): string {
  return formatMessage(GAME_STRINGS[key][locale.lang], locale.lang, params);
}

/** Why progress is not saved, in the current language (the browser's own words as the reason). */
export function storageProblemText(problem: StorageProblem): string {
  return t(problem.kind === 'full' ? 'storageFull' : 'storageMemory', { reason: problem.detail });
}
