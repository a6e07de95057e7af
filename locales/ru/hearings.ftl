## Hearings, deadlines, reminders, the person's own time zone

hearings-list-title = <b>📅 Заседания и сроки</b>
hearings-list-empty = Пока нет ни одного предстоящего заседания или срока. Добавьте заседание кнопкой ниже: я напомню всем в деле заранее.
hearings-list-no-cases = У вас пока нет семейного дела. Заседания добавляются к человеку в деле: откройте «Семья и дела» в меню, создайте дело или присоединитесь по приглашению.
hearings-list-hearing = 📅 { $when } (время суда): { $kind }, { $person }, { $place }
hearings-list-deadline = 📌 до { $date }: { $kind }, { $person } ({ $left })
hearings-set-your-tz = 🕒 Укажите свой часовой пояс, и я буду показывать время заседаний и по вашим часам.
hearings-need-consent = Чтобы хранить заседания и напоминать о них, мне нужно ваше согласие на хранение данных. Нажмите /start.
hearings-no-access = У вас нет доступа к этому делу (или его уже закрыли).
hearings-no-persons = В этом деле ещё нет ни одного человека. Сначала добавьте человека в деле («Семья и дела»), потом его заседание.
hearings-choose-case = Для какого дела?
hearings-choose-person = Для кого это заседание или срок?
hearings-type-text = Пожалуйста, напишите ответ текстом или нажмите /cancel.

hearings-btn-add = ➕ Заседание
hearings-btn-add-deadline = ➕ Срок
hearings-btn-ics = 📤 В календарь (.ics)
hearings-btn-prefs = 🔔 Напоминания
hearings-btn-tz = 🕒 Мой часовой пояс
hearings-btn-list = 📅 Все заседания и сроки
hearings-btn-open = 📅 Открыть заседание
hearings-btn-new-date = 📅 Перенесли: новая дата
hearings-btn-edit = ✏️ Изменить
hearings-btn-outcome = 📝 Что было на заседании
hearings-btn-cancel = ❌ Заседание отменили
hearings-btn-cancel-yes = Да, отменили
hearings-btn-back = ⬅️ Назад
hearings-btn-other-place = 🏢 Другое место (нет в списке)
hearings-btn-keep-time = Время то же
hearings-btn-yes = ✅ Да, верно
hearings-btn-redo = ✏️ Нет, ввести заново
hearings-btn-skip = Пропустить
hearings-btn-today = Сегодня ({ $date })
hearings-btn-edit-place = 🏛 Суд или место
hearings-btn-edit-kind = 📋 Вид заседания
hearings-btn-edit-mode = 📹 Видео или лично
hearings-btn-edit-notes = 📝 Заметки
hearings-btn-mute = 🔕 Не напоминать: { $case }
hearings-btn-unmute = 🔔 Снова напоминать: { $case }
hearings-btn-mute-short = 🔕 Не напоминать по этому делу

hearings-kind-master = Предварительное заседание (master calendar)
hearings-kind-individual = Основное заседание (individual hearing)
hearings-kind-bond = Заседание о залоге (bond)
hearings-kind-cfr = Пересмотр отказа в «достоверном страхе» (credible fear review)
hearings-kind-other = Другое заседание
hearings-mode-in_person = 🏛 Лично, в здании суда
hearings-mode-video = 📹 По видео
hearings-mode-unknown = ❓ Не знаю
hearings-mode-line-in_person = 🏛 Лично, в здании суда
hearings-mode-line-video = 📹 По видео
hearings-mode-line-unknown = ❓ Видео или лично: неизвестно

hearings-ask-place =
    <b>Где заседание?</b>
    Напишите название суда, города или центра содержания, например: <i>LaSalle</i>, <i>Otay Mesa</i>, <i>Krome</i>, <i>Eloy</i>, <i>Нью-Йорк</i>. Название есть в уведомлении о заседании (Notice of Hearing).
hearings-place-found = Выберите суд или место из найденного:
hearings-place-not-found = Не нашёл такого суда. Попробуйте написать иначе (по-английски, только город) или выберите «Другое место».
hearings-ask-place-text = Напишите, где проходит заседание (название и город).
hearings-ask-place-tz = В каком часовом поясе это место? Выберите или напишите город:
hearings-place-changed-ask-time = Место изменено. Время заседания осталось прежним по часам суда? Если нет, напишите новое.
hearings-ask-when =
    <b>Когда заседание?</b> Напишите дату и время <b>по часам суда</b> ({ $zone }; там сейчас { $now }).
    Например: <i>15.03.2027 9:00</i>, <i>15 марта в 9</i>, <i>March 15 9am</i>.
hearings-date-examples = Примеры: <i>15.03.2027 9:00</i>, <i>15 марта в 9:30</i>, <i>March 15 1:30 pm</i>.
hearings-date-problem-empty = Я не увидел даты.
hearings-date-problem-no-date = Не понял дату: напишите число и месяц (и год, если не ближайший).
hearings-date-problem-no-time = Дату понял ({ $date }), а время нет. Напишите и время заседания по часам суда.
hearings-date-problem-bad-date = Такой даты нет: { $day }.{ $month }. Проверьте число и месяц.
hearings-date-problem-bad-time = Такого времени нет: { $hour }:{ $minute }. Проверьте часы и минуты.
hearings-date-problem-past = Эта дата уже прошла ({ $date }). Проверьте год. Если заседание уже было, откройте его и нажмите «Что было на заседании».
hearings-date-problem-future = Эта дата ещё не наступила ({ $date }). Нужна прошедшая дата.
hearings-date-problem-too-old = Слишком давняя дата. Проверьте год.
hearings-date-problem-too-far = Дата дальше чем через { $years } лет: похоже на опечатку в годе.
hearings-date-problem-ambiguous-order = Дату { $first }/{ $second } можно прочитать двумя способами: { $first }-е число { $second }-го месяца или { $second }-е число { $first }-го месяца (как пишут в США). Напишите месяц словом, например «4 марта» или «March 4».
hearings-date-problem-ambiguous-hour = «{ $morning }» — это ночью или днём ({ $afternoon })? Суды ночью не работают, но ошибка здесь стоит слишком дорого: напишите время полностью, например { $afternoon } или { $morning } am.
hearings-date-problem-nonexistent = В эту ночь часы переводят, и времени { $time } там не бывает. Проверьте время в уведомлении.
hearings-date-problem-unclear = Не понял, где время: чисел слишком много. Напишите дату и время отдельно, например «15.03.2027 9:00».
hearings-date-problem-before-hearing = Решение не может быть раньше самого заседания. Проверьте дату.
hearings-confirm-when = Заседание: <b>{ $when }</b> по часам суда ({ $zone }).
hearings-confirm-question = Всё верно?
hearings-ask-kind = Какое это заседание? (Написано в уведомлении; если не знаете, выберите «Другое».)
hearings-ask-mode = Заседание по видео или лично?
hearings-ask-notes = Заметки к заседанию (адвокат, что взять с собой, номер зала). Их увидят все в деле. Или нажмите «Пропустить».
hearings-saved =
    ✅ Заседание сохранено. { $people ->
        [one] Напоминания придут { $people } человеку в деле
        [few] Напоминания придут { $people } людям в деле
        [many] Напоминания придут { $people } людям в деле
       *[other] Напоминания придут { $people } людям в деле
    } (по умолчанию за 7 дней, за день и за 3 часа).
hearings-saved-change = ✅ Изменения сохранены, все в деле получили уведомление, напоминания перестроены.
hearings-edit-what = Что изменить?
hearings-cancel-confirm = Заседание отменили? Я сообщу всем в деле и уберу напоминания. Если его перенесли на другую дату, лучше нажмите «Перенесли: новая дата».
hearings-cancelled = ❌ Заседание отмечено как отменённое. Все в деле получили уведомление.
hearings-error-nonexistent = В это время часы переводят, и такого времени не бывает. Напишите время ещё раз.
hearings-error-past = Это время уже прошло. Напишите дату ещё раз.
hearings-error-not-scheduled = Это заседание отменено или уже прошло, его нельзя изменить.
hearings-error-already-cancelled = Это заседание уже отменено.
hearings-status-cancelled = ❌ <b>Отменено</b>
hearings-status-outcome-decision = 📝 Прошло: вынесено решение.
hearings-status-outcome-dhs_appealed = 📝 Прошло: правительство (DHS) подало апелляцию.
hearings-status-outcome-postponed = 📝 Перенесено.
hearings-status-outcome-unknown = 📝 Прошло, итог неизвестен.

hearings-card-title = <b>{ $kind }</b>: { $person }
hearings-card-place = 🏛 { $place }
hearings-card-address = 📍 { $address }
hearings-card-notes = 📝 { $notes }
hearings-court-time = 🕘 По часам суда: <b>{ $when }</b> ({ $zone })
hearings-your-time = 🕘 По вашим часам: <b>{ $when }</b> ({ $zone })
hearings-your-time-same = 🕘 У вас то же время ({ $zone }).
hearings-your-time-unknown = 🕒 Ваш часовой пояс не указан: /hearings → «Мой часовой пояс».
hearings-in-minutes = { $minutes ->
    [one] через { $minutes } минуту
    [few] через { $minutes } минуты
    [many] через { $minutes } минут
   *[other] через { $minutes } минуты
}
hearings-in-hours = { $hours ->
    [one] через { $hours } час
    [few] через { $hours } часа
    [many] через { $hours } часов
   *[other] через { $hours } часа
}
hearings-in-days = { $days ->
    [one] через { $days } день
    [few] через { $days } дня
    [many] через { $days } дней
   *[other] через { $days } дня
}
hearings-reminder-title = ⏰ <b>Напоминание: заседание { $until }</b>
hearings-reminder-todo = <b>Что сделать:</b>
hearings-advice-check = Проверьте дату и время: суды переносят заседания. Портал EOIR: { $portal } или телефон { $hotline } (бесплатно, круглосуточно; меню на английском и испанском, нужен A-номер из 9 цифр).
hearings-advice-check-bond = Проверьте дату и время у адвоката или в суде: телефон EOIR не показывает заседания о залоге (bond). Портал EOIR: { $portal }.
hearings-advice-docs-master = Документы: уведомление о заседании, документ с фото, A-номер. Всё на русском нужно подавать с переводом на английский и сертификатом переводчика (8 CFR 1003.33).
hearings-advice-docs-individual = Документы и доказательства для основного заседания обычно подают заранее, по срокам суда: уточните у адвоката, что уже подано. Переводы на английский с сертификатом переводчика (8 CFR 1003.33). Договоритесь со свидетелями.
hearings-advice-docs-bond = Для залога: письмо спонсора в США с адресом и документами о его статусе, подтверждение жилья, доказательства связей с семьёй и общиной и того, что есть основания для защиты. Спросите адвоката, может ли судья вообще рассматривать залог в этом деле: с 2025 года для многих это закрыто.
hearings-advice-docs-cfr = Судья пересматривает отказ за 24 часа, где возможно, и не позже 7 дней. До этого человек может посоветоваться с кем захочет. Апелляции в BIA на это решение нет, поэтому готовьтесь сейчас.
hearings-advice-docs-other = Документы: уведомление о заседании, документ с фото, A-номер; переводы на английский с сертификатом переводчика (8 CFR 1003.33).
hearings-advice-video = Заседание по видео: ссылку и инструкции даёт суд (в уведомлении) или адвокат. Проверьте связь и звук заранее, подключитесь за 15 минут. Если человек в детеншене, он подключается из учреждения; спросите адвоката, могут ли родственники присутствовать.
hearings-advice-in-person = Приходите заранее: на входе досмотр. С мая 2025 сообщают об арестах ICE в зданиях иммиграционных судов: обсудите это с адвокатом до заседания. Но не приходить нельзя.
hearings-advice-in-person-detained = Человека в детеншене на заседание доставляет ICE. Родственникам: уточните у адвоката, можно ли прийти, и подготовьте письма поддержки.
hearings-advice-mode-unknown = Уточните у адвоката или в суде, будет ли заседание по видео или лично.
hearings-advice-absentia = Неявка на заседание ведёт к приказу о депортации заочно (in absentia). Если случилось непредвиденное, срочно звоните адвокату.

hearings-notice-added = 📅 <b>В деле новое заседание</b>
hearings-notice-changed = ✏️ <b>Заседание изменено</b>
hearings-notice-postponed = 📅 <b>Заседание перенесено: новая дата</b>
hearings-notice-cancelled = ❌ <b>Заседание отменено</b>
hearings-notice-outcome-decision = 📝 <b>По заседанию вынесено решение</b> (сроки, если они есть, придут отдельным сообщением)
hearings-notice-outcome-dhs_appealed = 📝 <b>Правительство (DHS) подало апелляцию</b>

hearings-followup-title = 📝 <b>Как прошло заседание?</b>
hearings-followup-question = Что произошло? От ответа зависят сроки, о которых я напомню всем в деле.
hearings-outcome-postponed = 📅 Перенесли (есть новая дата)
hearings-outcome-decision = ⚖️ Судья вынес решение
hearings-outcome-dhs_appealed = 🏛 Правительство (DHS) подало апелляцию
hearings-outcome-unknown = ❓ Пока не знаю
hearings-outcome-already = Итог этого заседания уже записан (или его перенесли).
hearings-outcome-too-early = Заседание ещё не прошло.
hearings-ask-decision = Какое решение?
hearings-decision-granted = ✅ Убежище или защиту дали
hearings-decision-denied = ❌ Отказали
hearings-decision-other = Другое (приказ о депортации, добровольный выезд...)
hearings-ask-merits =
    Это было решение <b>по существу заявления об убежище</b> (судья выслушал историю и решил, есть ли право на убежище)?
    Отказ по «годичному сроку» или по соглашению с третьей страной (ACA) — это <b>не</b> по существу.
hearings-merits-yes = Да, по существу
hearings-merits-no = Нет (другое основание, не убежище)
hearings-merits-unsure = Не знаю
hearings-merits-unsure-note = ⚠️ Вы не знаете, было ли решение по существу, поэтому я считаю по более короткому сроку. Уточните у адвоката сегодня же.
hearings-ask-decision-date = Когда вынесено решение? Дата устного решения или отправки письменного. Напишите дату, например <i>15.03.2027</i>, или нажмите «Сегодня».
hearings-no-bia-for-cfr = Решение судьи по пересмотру «достоверного страха» (credible fear) нельзя обжаловать в BIA (8 CFR 1003.42). Срочно свяжитесь с адвокатом или организацией, которая помогает бесплатно.
hearings-granted-info = ✅ Поздравляю! Но решение станет окончательным только если обе стороны откажутся от апелляции или срок апелляции пройдёт: правительство (DHS) может обжаловать предоставление убежища, и ICE может держать человека под стражей, пока идёт апелляция.
hearings-dhs-appealed-info =
    Правительство (DHS) обжаловало решение судьи. Пока апелляция идёт, решение не окончательное; ICE может держать человека под стражей.
    По правилу 2026 года дела, которые BIA берёт к рассмотрению, идут с одновременной подачей объяснений за 20 дней, продления только в исключительных случаях. Свяжитесь с адвокатом сейчас.
hearings-unknown-info = Хорошо, спрошу ещё раз завтра. Узнать итог можно на портале EOIR { $portal } или по телефону { $hotline } (нужен A-номер).

hearings-prefs =
    <b>🔔 Напоминания о заседаниях</b>
    Сейчас: { $offsets } до заседания. Нажмите, чтобы включить или выключить. О сроках я напоминаю за 7, 3 и 1 день и утром последнего дня.
    Ниже можно выключить напоминания по отдельному делу. Об изменениях (перенос, отмена) я сообщаю всегда.
hearings-offset-days = { $days ->
    [one] за { $days } день
    [few] за { $days } дня
    [many] за { $days } дней
   *[other] за { $days } дня
}
hearings-offset-hours = { $hours ->
    [one] за { $hours } час
    [few] за { $hours } часа
    [many] за { $hours } часов
   *[other] за { $hours } часа
}
hearings-prefs-saved = Сохранено.
hearings-prefs-need-one = Нужно оставить хотя бы одно напоминание. Чтобы не получать их совсем, выключите напоминания по делу.
hearings-muted = 🔕 Напоминания по этому делу выключены. Об изменениях заседаний я всё равно сообщу. Включить снова: /hearings → «Напоминания».
hearings-unmuted = 🔔 Напоминания по этому делу снова включены.

hearings-ics-caption = 📤 Файл календаря: откройте его, и заседания и сроки появятся в календаре телефона с напоминаниями.
hearings-ics-name = Заседания, дело №{ $case }
hearings-ics-summary = { $kind }: { $person }
hearings-ics-deadline = Срок: { $kind }, { $person }
hearings-ics-court-time = По часам суда: { $when } ({ $zone })
hearings-ics-check = Проверьте дату: { $portal } или { $hotline }.

## Deadlines

deadline-ask-kind = Какой срок посчитать?
deadline-new-bia = ⚖️ Апелляция в BIA после решения судьи
deadline-new-eoir33 = 📮 Смена адреса (EOIR-33) после переезда или освобождения
deadline-new-one_year = 🗓 Годичный срок подачи на убежище (I-589)
deadline-ask-date-eoir33 = Когда человек переехал или вышел на свободу? Напишите дату, например <i>20.11.2026</i> или «вчера».
deadline-ask-date-one_year = Когда человек последний раз въехал в США? Напишите дату, например <i>15.03.2026</i>.
deadline-title-bia_appeal = ⚖️ <b>Апелляция в BIA (форма EOIR-26)</b>: { $person }
deadline-title-dhs_appeal = 🏛 <b>Срок, когда правительство (DHS) может обжаловать решение</b>: { $person }
deadline-title-eoir33 = 📮 <b>Смена адреса в суде (EOIR-33/IC)</b>: { $person }
deadline-title-one_year = 🗓 <b>Подача на убежище (I-589) в течение года</b>: { $person }
deadline-short-bia_appeal = апелляция в BIA
deadline-short-dhs_appeal = возможная апелляция DHS
deadline-short-eoir33 = смена адреса EOIR-33
deadline-short-one_year = I-589, годичный срок
deadline-last-day = Последний день: <b>{ $date }</b> ({ $left })
deadline-days-left = { $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
    [many] осталось { $days } дней
   *[other] осталось { $days } дня
}
deadline-today = последний день сегодня
deadline-passed = срок прошёл
deadline-how-bia = Как посчитано: решение от { $start } + { $days } календарных дней. Выходные и праздники не продлевают срок в этом расчёте: подавайте раньше.
deadline-how-eoir33 = Как посчитано: переезд или освобождение { $start } + 5 дней.
deadline-how-one-year = Как посчитано: последний въезд { $start }; год истекает к { $anniversary }, я считаю осторожно, по день накануне.
deadline-rule-bia-thirty = Правило: апелляция (форма EOIR-26) должна <b>поступить</b> в Совет по иммиграционным апелляциям (BIA) в течение 30 календарных дней после устного решения или отправки письменного. Отправка по почте в последний день не спасает. Нужна пошлина (от $900) или просьба об освобождении от неё (EOIR-26A). Пропуск срока делает решение окончательным.
deadline-rule-bia-thirty-blocked = Правило: апелляция (форма EOIR-26) должна <b>поступить</b> в Совет по иммиграционным апелляциям (BIA) в течение 30 календарных дней после решения. Отправка по почте в последний день не спасает. Нужна пошлина (от $900) или просьба об освобождении от неё (EOIR-26A). Пропуск срока делает решение окончательным.
    ℹ️ Правило 2026 года сокращало этот срок до 10 дней, но федеральный суд заблокировал его 8 марта 2026 года, до вступления в силу. Срок — 30 дней. Спор в суде продолжается: подавайте как можно раньше и проверьте срок у адвоката. С 9 марта 2026 года действует другое: письменные аргументы обе стороны подают одновременно, в течение 20 дней после того, как BIA назначит график; продление — только в исключительных обстоятельствах.
deadline-rule-bia-ten = Правило: администратор бота отметил, что суд восстановил правило 2026 года: для решений с 9 марта 2026 года (кроме убежища по существу) апелляция должна <b>поступить</b> в BIA в течение 10 календарных дней. Пошлина от $900 (или просьба EOIR-26A). Пропуск срока делает решение окончательным. Сегодня же звоните адвокату.
deadline-rule-bia-merits = Правило: для решений по существу заявления об убежище апелляция должна <b>поступить</b> в BIA в течение 30 календарных дней. Пошлина от $900 (или просьба EOIR-26A). Пропуск срока делает решение окончательным.
deadline-rule-dhs-thirty = Правительство — Министерство внутренней безопасности (DHS) — может обжаловать решение в течение 30 дней. Решение становится окончательным, только если обе стороны откажутся от апелляции или срок пройдёт.
deadline-rule-dhs-thirty-blocked = Правительство — Министерство внутренней безопасности (DHS) — может обжаловать решение в течение 30 дней (правило 2026 года о 10 днях заблокировано судом 8 марта 2026 года). Решение становится окончательным, только если обе стороны откажутся от апелляции или срок пройдёт.
deadline-rule-dhs-ten = Правительство (DHS) может обжаловать решение в течение 10 дней: администратор бота отметил, что суд восстановил правило 2026 года. Решение становится окончательным, только если обе стороны откажутся от апелляции или срок пройдёт.
deadline-rule-dhs-merits = Правительство (DHS) может обжаловать решение по существу убежища в течение 30 дней. Решение становится окончательным, только если обе стороны откажутся от апелляции или срок пройдёт.
deadline-rule-eoir33 = Правило: о смене адреса нужно сообщить иммиграционному суду формой EOIR-33/IC в течение 5 дней (8 CFR 1003.15(d)(2)); её можно подать онлайн через портал EOIR Respondent Access. В Министерство внутренней безопасности (DHS) — форма AR-11 в течение 10 дней. Без этого уведомления о заседаниях уйдут на старый адрес, и возможен приказ о депортации заочно.
deadline-rule-one-year = Правило: заявление на убежище (I-589) подают в течение года после последнего въезда (INA §208(a)(2)(B)); в суде его подают судье. Исключения: изменившиеся обстоятельства или чрезвычайные обстоятельства и подача в разумный срок. Пошлина $100 и ежегодный сбор, пока дело идёт ($102 с 1 января 2026 года); освобождения нет.
deadline-alt = Если суд остановит правило о 10 днях, срок будет { $date } ({ $days } дней). Не рассчитывайте на это.
deadline-source = Источник: { $source }
deadline-source-bia = Источник: <a href="https://www.justice.gov/eoir/reference-materials/bia/chapter-4/5">Руководство BIA, гл. 4.5</a>; <a href="https://www.justice.gov/eoir/appeal-immigration-judges-decision">EOIR: как обжаловать решение судьи</a>
deadline-source-bia-blocked = Источник: <a href="https://www.justice.gov/eoir/reference-materials/bia/chapter-4/5">Руководство BIA, гл. 4.5</a>; <a href="https://www.ilrc.org/node/3987">ILRC: правило о 10 днях заблокировано 08.03.2026</a>
deadline-source-bia-rule = Источник: <a href="https://www.justice.gov/eoir/appeal-immigration-judges-decision">EOIR: как обжаловать решение судьи</a>; <a href="https://www.ilrc.org/node/3987">ILRC о правиле 2026 года</a>
deadline-source-eoir33 = Источник: <a href="https://www.ecfr.gov/current/title-8/section-1003.15">8 CFR 1003.15(d)(2)</a>
deadline-source-one-year = Источник: <a href="https://www.law.cornell.edu/uscode/text/8/1158">INA §208(a)(2)(B), 8 USC 1158</a>; <a href="https://www.govinfo.gov/content/pkg/FR-2025-11-21/html/2025-20622.htm">сборы с 2026 года (90 FR 52693)</a>
deadline-reminders-set = 🔔 Я напомню всем в деле за 7, 3 и 1 день и утром последнего дня.
deadline-already-passed = ⚠️ Этот срок уже прошёл. Срочно обратитесь к адвокату: иногда остаются другие возможности.
deadline-notice-added = 📌 <b>В деле новый срок</b>
deadline-reminder-bia_appeal = ⏰ <b>Напоминание: срок апелляции в BIA</b>
deadline-reminder-dhs_appeal = ⏰ <b>Напоминание: срок апелляции DHS</b>
deadline-reminder-eoir33 = ⏰ <b>Напоминание: сообщите суду новый адрес (EOIR-33)</b>
deadline-reminder-one_year = ⏰ <b>Напоминание: годичный срок подачи на убежище</b>
deadline-btn-done = ✅ Подано / больше не нужно
deadline-closed = ✅ Отмечено. Напоминаний по этому сроку больше не будет.
deadline-already-closed = Этот срок уже отмечен.
deadline-status-active = 📌 Действует
deadline-status-done = ✅ Отмечено как подано или ненужное
deadline-status-dismissed = Снято

## The person's own time zone

timezone-suggest = 🕒 <b>Ваш часовой пояс</b>. Я буду показывать время заседаний и по вашим часам. Судя по языку, это может быть { $zone }. Выберите из списка или напишите свой город.
timezone-current = 🕒 Ваш часовой пояс: <b>{ $zone }</b>, у вас сейчас { $time }. Изменить:
timezone-btn-type = ⌨️ Написать город
timezone-ask-city = Напишите свой город (по-русски или по-английски), например «Казань», «Бруклин», «Тбилиси», или смещение, например «UTC+3».
timezone-not-found = Не нашёл такого города. Напишите крупный город рядом или смещение от UTC, например «UTC+5».
timezone-which = Какой из них?
timezone-saved = ✅ Часовой пояс: <b>{ $zone }</b>, у вас сейчас { $time }. Напоминания будут показывать время и по вашим часам.

## Time zones of the short list (tz-<IANA zone>)

tz-europe-moscow = Москва
tz-america-new-york = Нью-Йорк, Майами (восток США)
tz-america-chicago = Чикаго, Техас, Луизиана (центр США)
tz-america-denver = Денвер, Эль-Пасо (горное время)
tz-america-phoenix = Аризона
tz-america-los-angeles = Лос-Анджелес, Сан-Диего (запад США)
tz-europe-kyiv = Киев
tz-europe-minsk = Минск
tz-asia-almaty = Алматы
tz-asia-tbilisi = Тбилиси
tz-asia-yerevan = Ереван
tz-europe-berlin = Берлин, Варшава, Прага
deadline-corrected =
    ⚠️ <b>Исправление: срок апелляции — 30 дней</b>
    Раньше я показывал последний день { $old } (10 дней). Это было неверно: правило о 10 днях федеральный суд заблокировал 8 марта 2026 года, и оно не вступило в силу. Правильный последний день — <b>{ $new }</b>. Всё равно подавайте как можно раньше и проверьте срок у адвоката.
