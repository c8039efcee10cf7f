using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Web.Lists;

/// <summary>
/// Exports the filtered list as the user sees it (same filters, same order, every page), streamed from the database:
/// CSV straight into the response, XLSX through a temporary file (a zip cannot be written forward-only into a socket).
/// </summary>
public static class ListExport
{
    public static IActionResult Export<TRow>(IQueryable<TRow> query, ListDefinition<TRow> definition, ListRequest request, string format) =>
        string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
            ? new ListExportResult<TRow>(query, definition, request, xlsx: true)
            : new ListExportResult<TRow>(query, definition, request, xlsx: false);

    private sealed class ListExportResult<TRow>(IQueryable<TRow> query, ListDefinition<TRow> definition, ListRequest request, bool xlsx) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            if (definition.ExportPermission is { } permission
                && !await context.HttpContext.RequestServices.GetRequiredService<CurrentUserPermissions>().HasAsync(permission))
            {
                await new ForbidResult().ExecuteResultAsync(context);
                return;
            }

            var response = context.HttpContext.Response;
            var cancellation = context.HttpContext.RequestAborted;
            var fileName = $"{definition.Name}-{DateTime.Now:yyyy-MM-dd}.{(xlsx ? "xlsx" : "csv")}";
            response.ContentType = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            var rows = ListEngine.Sorted(query, definition, request);

            if (!xlsx)
            {
                await using var writer = new StreamWriter(response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
                await writer.WriteLineAsync(string.Join(',', definition.Columns.Select(c => CsvField(c.Label))));
                if (rows is IAsyncEnumerable<TRow>)
                {
                    await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellation))
                    {
                        await writer.WriteLineAsync(string.Join(',', definition.Columns.Select(c => CsvField(ExportValue(c.Value(row))))));
                    }
                }
                else
                {
                    // A report computed in memory (aged balances, statements) handed over with AsQueryable().
                    foreach (var row in rows)
                    {
                        await writer.WriteLineAsync(string.Join(',', definition.Columns.Select(c => CsvField(ExportValue(c.Value(row))))));
                    }
                }

                return;
            }

            var temp = Path.Combine(Path.GetTempPath(), $"moko-export-{Guid.NewGuid():N}.xlsx");
            try
            {
                // MiniExcel writes row by row from the enumerable: the list is never held in memory.
                var records = rows.AsEnumerable().Select(row =>
                {
                    var record = new Dictionary<string, object?>(definition.Columns.Count);
                    foreach (var column in definition.Columns)
                    {
                        record[column.Label] = ExportValue(column.Value(row));
                    }

                    return record;
                });
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
                {
                    await file.SaveAsAsync(records, cancellationToken: cancellation);
                }

                response.ContentLength = new FileInfo(temp).Length;
                await using var read = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
                await read.CopyToAsync(response.Body, cancellation);
            }
            finally
            {
                File.Delete(temp);
            }
        }

        /// <summary>RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with an apostrophe.</summary>
        private static string CsvField(object? value)
        {
            var text = value switch
            {
                null => "",
                DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
            if (value is string && text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal))
            {
                text = "'" + text;
            }

            return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
        }

        private static object? ExportValue(object? value) => value switch
        {
            DateTimeOffset dto => dto.UtcDateTime,
            DateOnly date => date.ToDateTime(TimeOnly.MinValue),
            _ => value,
        };
    }
}
