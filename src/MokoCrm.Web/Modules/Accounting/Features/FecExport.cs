using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using Npgsql;

namespace MokoCrm.Web.Modules.Accounting.Features;

/// <summary>
/// The French audit file (Fichier des écritures comptables, art. A47 A-1 LPF): one line per entry line, the 18
/// columns below separated by tabs, dates yyyyMMdd, amounts with a decimal comma, in entry date order. Streamed from
/// the database into the response, so a year of millions of lines never sits in memory.
/// </summary>
public sealed class FecExport(AppDbContext db)
{
    public static readonly string[] Columns =
    [
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef",
        "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
    ];

    /// <summary>SIRENFECyyyyMMdd.txt: the company's SIREN (first 9 digits of its registration number) and the closing date.</summary>
    public async Task<string> FileNameAsync(DateOnly to, CancellationToken cancellationToken = default)
    {
        var registration = await db.Set<CompanyProfile>().AsNoTracking().Select(c => c.RegistrationNumber).FirstOrDefaultAsync(cancellationToken) ?? "";
        var digits = new string(registration.Where(char.IsAsciiDigit).ToArray());
        var siren = digits.Length >= 9 ? digits[..9] : "000000000";
        return $"{siren}FEC{to:yyyyMMdd}.txt";
    }

    public async Task WriteAsync(Stream output, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join('\t', Columns));

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT e.journal_code, j.label, e.sequence, e.entry_date, l.account_number, coalesce(a.label, ''), coalesce(l.subledger, ''),
                       coalesce(l.subledger_label, ''), coalesce(e.reference, e.source_type || '-' || e.source_id), l.label, l.debit, l.credit, e.posted_at,
                       coalesce(lt.code, ''), lt.date
                FROM accounting.entries e
                JOIN accounting.journals j ON j.code = e.journal_code
                JOIN accounting.entry_lines l ON l.entry_id = e.id
                LEFT JOIN accounting.accounts a ON a.number = l.account_number
                LEFT JOIN accounting.lettered_lines ll ON ll.entry_line_id = l.id
                LEFT JOIN accounting.letterings lt ON lt.id = ll.lettering_id
                WHERE e.entry_date BETWEEN $1 AND $2
                ORDER BY e.entry_date, e.id, l.line_number
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var fields = new string[Columns.Length];
            while (await reader.ReadAsync(cancellationToken))
            {
                var date = reader.GetFieldValue<DateOnly>(3).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                fields[0] = Text(reader.GetString(0));
                fields[1] = Text(reader.GetString(1));
                fields[2] = reader.GetString(0) + reader.GetInt64(2).ToString("000000", CultureInfo.InvariantCulture);
                fields[3] = date;
                fields[4] = Text(reader.GetString(4));
                fields[5] = Text(reader.GetString(5));
                fields[6] = Text(reader.GetString(6));
                fields[7] = Text(reader.GetString(7));
                fields[8] = Text(reader.GetString(8));
                fields[9] = date;
                fields[10] = Text(reader.GetString(9));
                fields[11] = Amount(reader.GetDecimal(10));
                fields[12] = Amount(reader.GetDecimal(11));
                fields[13] = Text(reader.GetString(13));
                fields[14] = reader.IsDBNull(14) ? "" : reader.GetFieldValue<DateOnly>(14).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                fields[15] = reader.GetFieldValue<DateTime>(12).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                fields[16] = "";
                fields[17] = "";
                await writer.WriteLineAsync(string.Join('\t', fields));
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    private static string Text(string value) => value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ').Trim();
}
