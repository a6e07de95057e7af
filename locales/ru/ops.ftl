## Операторы: статистика, пробелы справочника, журнал доступа, координаторы

ops-none = —
ops-minutes = { $n } мин
ops-days = { $n } дн.
ops-stats =
    <b>📊 Статистика на { $date }</b> (за { $days } дн.)

    <b>👥 Пользователи:</b> { $users }
    по ролям: { $roles }
    по языку: { $languages }
    активны за 7 дней: { $active7 }, за 30 дней: { $active30 }; заблокировали бота: { $blocked }

    <b>❓ Вопросы:</b> задано { $asked }, отвечено из справочника { $answered }, без ответа { $declined }, «не то» { $notit }

    <b>🙋 Обращения к волонтёрам:</b> открыто { $opened }, взято { $claimed }
    первый ответ: медиана { $median }, 90% — не дольше { $p90 }
    ждут дольше срока: { $oversla }

    <b>👨‍👩‍👧 Семейные дела:</b> открыто { $cases }, с волонтёром { $withvol }, ждут волонтёра { $waiting }
    <b>⚖️ Заседаний в ближайшие 7 дней:</b> { $hearings }
    <b>✉️ Напоминания и уведомления:</b> отправлено { $sent }, с ошибкой { $failed }, в очереди { $pending }
ops-role-relative = родственники
ops-role-seeker_mexico = ждут в Мексике
ops-role-seeker_us = в США
ops-role-volunteer = волонтёры
ops-role-unset = без роли
ops-chart-caption = За { $days } дн.: { $qmark } вопросы, { $tmark } обращения к волонтёрам
ops-gaps =
    <b>🕳 Чего не хватает в справочнике</b> (за { $days } дн., групп: { $groups })
    { $lines }

    Предложений статей от волонтёров ждут проверки: { $proposals } (/proposals)
ops-gaps-empty = Пока ничего: бот ответил на все вопросы.
ops-gap-declined = • <b>{ $n }×</b> без ответа: { $q }
ops-gap-not-it = • <b>{ $n }×</b> «не то» на статью «{ $topic }»: { $q }
ops-audit =
    <b>🗂 Журнал доступа</b> (новые сверху)
    { $lines }
ops-audit-empty = Записей нет.
ops-audit-line = • { $when }: <code>{ $actor }</code> — { $action } { $obj }
ops-audit-nobody = система
ops-audit-older = ⬅️ Раньше
ops-coordinators =
    <b>🧭 Координаторы</b>
    { $lines }

    Назначить: <code>/coordinators add ID</code> (Telegram ID человека, который уже писал боту). Координаторы видят статистику, пробелы справочника и журнал, делают рассылки; роли не назначают.
ops-coord-none = Пока никого.
ops-coord-line = • <code>{ $id }</code> с { $since }
ops-coord-revoke = Снять роль с { $id }
ops-coord-granted = ✅ { $id } теперь координатор.
ops-coord-revoked = Роль снята.
ops-error-not-allowed = Эта команда только для администраторов и координаторов.
ops-error-audit-usage = Так: /audit, /audit case 12, /audit ticket 3, /audit vol 123456, /audit day 2026-12-01
ops-error-coord-usage = Так: /coordinators или /coordinators add 123456
ops-error-unknown-user = Этот человек ещё не писал боту: попросите его нажать /start.
ops-error-already-coordinator = Этот человек уже координатор.
ops-error-not-coordinator = Этот человек не координатор.
export-title = Дело №{ $case }
export-generated = Выгружено { $date } (UTC).
export-confidential = Конфиденциально: здесь личные данные семьи. Храните и передавайте только адвокату дела.
export-people = Люди
export-hearings = Заседания
export-deadlines = Сроки
export-timeline = Хроника дела
export-none = Нет.
export-hearing-status = Статус: { $status }; итог: { $outcome }
