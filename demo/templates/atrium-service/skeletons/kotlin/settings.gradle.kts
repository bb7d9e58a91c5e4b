rootProject.name = "${{ values.name }}"
