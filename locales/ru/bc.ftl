## Рассылки (/broadcast): для администраторов и координаторов

bc-ask-text = 📣 <b>Новая рассылка.</b> Пришлите текст на русском (можно с оформлением), или фото либо документ с подписью.
bc-need-text = Нужен текст: напишите его сообщением или подписью к фото.
bc-ask-text-en = Текст на английском для тех, у кого английский язык? Пришлите его или нажмите «Пропустить»: тогда все получат русский текст.
bc-btn-skip = Пропустить
bc-btn-cancel = ✖️ Отменить
bc-ask-segment = Кому отправить?
bc-seg-all = Всем
bc-seg-role-relative = Родственникам
bc-seg-case = Семьям с открытым делом
bc-seg-vol = Волонтёрам
bc-seg-mexico = Ждущим в Мексике
bc-seg-lang-ru = Всем с русским языком
bc-seg-lang-en = Всем с английским языком
bc-preview-intro = Получателей: <b>{ $n }</b> ({ $segment }). Не получат те, кто заблокировал бота или выключил объявления. Ниже — как увидят сообщение ({ $languages }).
bc-preview-lang = 👇 Язык: { $lang }
bc-confirm = Отправить { $n } получателям?
bc-btn-send = ✅ Отправить ({ $n })
bc-aborted = Рассылка отменена, ничего не отправлено.
bc-progress =
    📣 <b>Рассылка №{ $id }</b>: { $status }
    Доставлено: { $delivered } из { $total }
    Заблокировали бота: { $blocked }, ошибок: { $failed }
    Осталось: { $waiting }, примерно { $eta } с
bc-status-sending = идёт отправка
bc-status-paused = на паузе
bc-status-cancelled = остановлена
bc-status-done = завершена
bc-btn-pause = ⏸ Пауза
bc-btn-resume = ▶️ Продолжить
bc-btn-stop = ⏹ Остановить совсем
bc-done-pause = Пауза: оставшиеся сообщения ждут.
bc-done-resume = Продолжаем.
bc-done-stop = Рассылка остановлена.
bc-report = 📣 Рассылка №{ $id } завершена: доставлено { $delivered }, заблокировали бота { $blocked }, ошибок { $failed }.
bc-error-no-text = Нужен текст рассылки.
bc-error-too-long = Текст слишком длинный: не больше 3500 знаков.
bc-error-caption-too-long = Подпись к фото или документу — не больше 1024 знаков. Сократите её.
bc-error-bad-segment = Такой группы получателей нет.
bc-error-not-found = Такой рассылки нет.
bc-error-not-sending = Рассылка сейчас не идёт.
bc-error-not-paused = Рассылка не на паузе.
bc-error-finished = Рассылка уже закончилась.
bc-error-stale = Эта рассылка уже не составляется: начните заново с /broadcast.
