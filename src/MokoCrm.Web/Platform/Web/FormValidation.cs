using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Web;

/// <summary>Forms are validated explicitly by their FluentValidation validator; errors go to ModelState by field.</summary>
public static class FormValidation
{
    public static async Task<bool> ValidateIntoAsync<T>(this IValidator<T> validator, T form, ModelStateDictionary modelState)
    {
        var result = await validator.ValidateAsync(form);
        foreach (var error in result.Errors)
        {
            modelState.AddModelError(error.PropertyName, error.ErrorMessage);
        }

        return result.IsValid && modelState.IsValid;
    }

    /// <summary>A business rule refused the action: the message goes to the top of the form.</summary>
    public static void AddDomainError(this ModelStateDictionary modelState, DomainException exception) =>
        modelState.AddModelError(string.Empty, exception.Message);
}
