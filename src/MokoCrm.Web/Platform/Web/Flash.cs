using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace MokoCrm.Web.Platform.Web;

/// <summary>One-shot messages shown on the page after a POST-redirect-GET.</summary>
public static class Flash
{
    private const string Key = "moko.flash";

    public static void Success(this Controller controller, string message) => Add(controller.TempData, "success", message);

    public static void Error(this Controller controller, string message) => Add(controller.TempData, "danger", message);

    public static void Warning(this Controller controller, string message) => Add(controller.TempData, "warning", message);

    public static IReadOnlyList<(string Kind, string Message)> Take(ITempDataDictionary tempData)
    {
        if (tempData[Key] is not string raw || raw.Length == 0)
        {
            return [];
        }

        return raw.Split('\u001e', StringSplitOptions.RemoveEmptyEntries)
            .Select(item => item.Split('\u001f', 2))
            .Select(parts => (parts[0], parts.Length > 1 ? parts[1] : ""))
            .ToList();
    }

    private static void Add(ITempDataDictionary tempData, string kind, string message)
    {
        var existing = tempData.Peek(Key) as string ?? "";
        tempData[Key] = existing + kind + '\u001f' + message + '\u001e';
    }
}
