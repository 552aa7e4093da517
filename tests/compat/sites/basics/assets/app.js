console.log("not processed: {{ site.title }}");
